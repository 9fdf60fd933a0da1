package io.mianshen.contracts;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.Format;
import java.util.List;
import java.util.function.Predicate;

/**
 * The JSON Schema formats the contract adds to draft 2020-12 ({@code uscc}, {@code money}, {@code signed-money}) and
 * the two it narrows to what the services read ({@code date}, {@code date-time}: {@link ContractTimes}).
 */
final class ContractFormats {

    static final String USCC = "uscc";
    static final String MONEY = "money";
    static final String SIGNED_MONEY = "signed-money";
    static final String DATE = "date";
    static final String DATE_TIME = "date-time";

    private ContractFormats() {}

    static List<Format> all() {
        return List.of(
                format(USCC, Uscc::isValid),
                format(MONEY, Money::isAmount),
                format(SIGNED_MONEY, Money::isSignedAmount),
                format(DATE, ContractTimes::isDate),
                format(DATE_TIME, ContractTimes::isDateTime));
    }

    private static Format format(String name, Predicate<String> test) {
        return new Format() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean matches(ExecutionContext executionContext, String value) {
                return test.test(value);
            }
        };
    }
}
