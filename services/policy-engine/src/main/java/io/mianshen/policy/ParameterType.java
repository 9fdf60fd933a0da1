package io.mianshen.policy;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;

/** The type of a policy parameter, and the CEL type it has in expressions. */
public enum ParameterType {
    /** Yuan, a quoted decimal with at most two decimals. */
    MONEY(PolicyLanguage.DECIMAL),
    /** A fraction, a quoted exact decimal, e.g. "0.10" for 10%. */
    RATE(PolicyLanguage.DECIMAL),
    /** A whole number. */
    INT(SimpleType.INT),
    /** Text. */
    STRING(SimpleType.STRING),
    /** A list of texts, e.g. industry codes. */
    STRINGS(ListType.create(SimpleType.STRING)),
    /** true or false. */
    BOOL(SimpleType.BOOL);

    private final CelType celType;

    ParameterType(CelType celType) {
        this.celType = celType;
    }

    CelType celType() {
        return celType;
    }
}
