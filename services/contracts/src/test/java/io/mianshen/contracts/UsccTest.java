package io.mianshen.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsccTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "91370100MA3C0QXJ4F",
                "91440300708461136T",
                "91330100716105852F",
                "91110000802100433B",
                "9144030071526726XG"
            })
    void acceptsPublishedCodes(String code) {
        assertThat(Uscc.problem(code)).isEmpty();
        assertThat(Uscc.isValid(code)).isTrue();
    }

    @Test
    void computesTheCheckCharacterOfGb32100() {
        assertThat(Uscc.checkCharacter("91370100MA3C0QXJ4")).isEqualTo('F');
        assertThat(Uscc.checkCharacter("9144030071526726X")).isEqualTo('G');
    }

    @Test
    void mapsARemainderOfZeroToTheCheckCharacterZero() {
        // 31 - (sum mod 31) is 31 when the sum is a multiple of 31, and 31 becomes 0
        String first17 = "00000000000000000";
        assertThat(Uscc.checkCharacter(first17)).isEqualTo('0');
        assertThat(Uscc.isValid(first17 + "0")).isTrue();
    }

    @Test
    void rejectsAWrongCheckCharacterNamingTheExpectedOne() {
        assertThat(Uscc.problem("91370100MA3C0QXJ4G"))
                .hasValueSatisfying(
                        problem -> assertThat(problem).contains("'G'").contains("'F'"));
    }

    @ParameterizedTest
    @CsvSource({
        "91370100MA3C0QXI4F,I,16",
        "91370100MA3C0QXO4F,O,16",
        "9137010SMA3C0QXJ4F,S,8",
        "91370100MA3V0QXJ4F,V,12",
        "91370100MA3C0QXZ4F,Z,16",
        "91370100ma3c0qxj4f,m,9"
    })
    void rejectsCharactersOutsideTheAlphabetNamingCharacterAndPosition(String code, char bad, int position) {
        assertThat(Uscc.problem(code))
                .hasValueSatisfying(
                        problem -> assertThat(problem).contains("'" + bad + "'").contains("position " + position));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "91370100MA3C0QXJ4", "91370100MA3C0QXJ4FF"})
    void rejectsCodesThatAreNotEighteenCharacters(String code) {
        assertThat(Uscc.problem(code))
                .hasValueSatisfying(problem -> assertThat(problem).contains("18 characters"));
    }

    @Test
    void rejectsNull() {
        assertThat(Uscc.isValid(null)).isFalse();
    }

    @Test
    void refusesToComputeACheckCharacterFromForbiddenLetters() {
        assertThatThrownBy(() -> Uscc.checkCharacter("91370100MA3C0QXI4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'I'");
    }
}
