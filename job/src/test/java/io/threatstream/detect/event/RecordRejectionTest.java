package io.threatstream.detect.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.detect.event.RecordRejection.Kind;

import org.junit.jupiter.api.Test;

class RecordRejectionTest {

    @Test
    void readsAsLabelAndDetail() {
        RecordRejection rejection = new RecordRejection(Kind.TOO_LARGE, "5 bytes > limit 4");
        assertThat(rejection.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(rejection.detail()).isEqualTo("5 bytes > limit 4");
        assertThat(rejection).hasToString("record too large: 5 bytes > limit 4");
    }

    @Test
    void everyKindHasItsLabel() {
        assertThat(Kind.EMPTY.label()).isEqualTo("empty record");
        assertThat(Kind.TOO_LARGE.label()).isEqualTo("record too large");
        assertThat(Kind.TOO_DEEP.label()).isEqualTo("nesting too deep");
        assertThat(Kind.NOT_PARSEABLE.label()).isEqualTo("not parseable JSON");
        assertThat(Kind.NOT_AN_OBJECT.label()).isEqualTo("not a JSON object");
    }

    @Test
    void equalWhenKindAndDetailAre() {
        RecordRejection a = new RecordRejection(Kind.EMPTY, "no bytes");
        assertThat(a)
                .isEqualTo(new RecordRejection(Kind.EMPTY, "no bytes"))
                .hasSameHashCodeAs(new RecordRejection(Kind.EMPTY, "no bytes"))
                .isNotEqualTo(new RecordRejection(Kind.EMPTY, "only whitespace"))
                .isNotEqualTo(new RecordRejection(Kind.NOT_PARSEABLE, "no bytes"));
    }

    @Test
    void theExceptionCarriesTheRejection() {
        RecordRejection rejection = new RecordRejection(Kind.NOT_AN_OBJECT, "array");
        RecordRejectedException e = new RecordRejectedException(rejection);
        assertThat(e.rejection()).isSameAs(rejection);
        assertThat(e).hasMessage("not a JSON object: array");
    }
}
