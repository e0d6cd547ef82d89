package io.threatstream.detect.rule.eql;

import io.threatstream.detect.event.EventFields;
import java.io.Serializable;

/** A compiled condition over one event's field values. */
abstract class EventPredicate implements Serializable {
    private static final long serialVersionUID = 1L;

    abstract boolean matches(EventFields event);
}
