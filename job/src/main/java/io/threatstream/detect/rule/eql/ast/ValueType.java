package io.threatstream.detect.rule.eql.ast;

/** What a function returns, or what a function parameter accepts. */
public enum ValueType {
    STRING("a string"),
    NUMBER("a number"),
    INTEGER("an integer"),
    BOOLEAN("a boolean"),
    /** Parameters only: any string, number or boolean. */
    ANY("a value");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    /** The type with an article, for messages: "a string". */
    public String description() {
        return description;
    }
}
