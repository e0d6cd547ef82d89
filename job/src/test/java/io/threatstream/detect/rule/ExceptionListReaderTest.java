package io.threatstream.detect.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionListReaderTest {

    @Test
    void readsNamedConditionsWithTheirPositions() {
        String text =
                "# exceptions\n"
                        + "[[exception]]\n"
                        + "name = \"package managers\"\n"
                        + "condition = '''\n"
                        + "process.parent.name in (\"dpkg\", \"rpm\")\n"
                        + "'''\n"
                        + "\n"
                        + "[[exception]]\n"
                        + "name = \"ansible\"\n"
                        + "condition = 'process.parent.name : \"ansible*\"'\n";
        List<ExceptionDefinition> list = ExceptionListReader.read(text, "ex.toml");
        assertThat(list).extracting(ExceptionDefinition::name).containsExactly("package managers", "ansible");
        assertThat(list.get(0).condition()).isEqualTo("process.parent.name in (\"dpkg\", \"rpm\")\n");
        assertThat(list.get(0).conditionPosition()).isEqualTo(new TextPosition(5, 1));
        assertThat(list.get(1).conditionPosition()).isEqualTo(new TextPosition(10, 14));
    }

    @Test
    void rejectsAnEmptyList() {
        assertThatThrownBy(() -> ExceptionListReader.read("# nothing\n", "ex.toml"))
                .hasMessage("ex.toml: expected one or more [[exception]] tables");
    }

    @Test
    void rejectsDuplicateNames() {
        String text = "[[exception]]\nname = \"a\"\ncondition = 'x == 1'\n[[exception]]\nname = \"a\"\ncondition = 'y == 1'\n";
        assertThatThrownBy(() -> ExceptionListReader.read(text, "ex.toml"))
                .hasMessage("ex.toml: exception #2: duplicate exception name \"a\"");
    }

    @Test
    void rejectsAMissingCondition() {
        assertThatThrownBy(() -> ExceptionListReader.read("[[exception]]\nname = \"a\"\n", "ex.toml"))
                .hasMessage("ex.toml: exception #1: 'condition' must be a non-empty string");
    }
}
