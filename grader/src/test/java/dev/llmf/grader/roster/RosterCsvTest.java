package dev.llmf.grader.roster;

import dev.llmf.grader.api.ApiException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RosterCsvTest {

    @Test
    @DisplayName("a BOM, columns in any order, quotes with commas and doubled quotes, a quoted line break; line numbers as in an editor")
    void reads() {
        RosterCsv.Parsed p = RosterCsv.parse("\uFEFFEmail,Name,Username\r\n"
                + "ann@example.org,\"Doe, Ann\",ANN.DOE\r\n"
                + ",\"Bo \"\"B\"\"\nsecond line\",bo-1\r\n"
                + "\r\n"
                + "cy@example.org,Cy,cy_2\n");
        assertEquals(List.of(2, 6), p.rows().stream().map(RosterCsv.Row::line).toList(),
                "the quoted line break makes Bo's record two lines long; Cy's is on line 6");
        assertEquals("ann.doe", p.rows().get(0).username(), "usernames in lower case");
        assertEquals("Doe, Ann", p.rows().get(0).name());
        assertEquals("cy_2", p.rows().get(1).username());
        assertEquals(1, p.rejected().size());
        assertEquals(3, p.rejected().getFirst().line());
        assertTrue(p.rejected().getFirst().reason().contains("without control characters"), "a name has no line break");
    }

    @Test
    @DisplayName("each bad line is refused with its number and reason; the good ones still come through")
    void refusesPerLine() {
        RosterCsv.Parsed p = RosterCsv.parse("username,name,email\nok1,One, \nx,Two,\nok1,Again,\nok3,,\nok4,Four,four@\n"
                + "ok5,Five\nok6,Six,six@example.org\n");
        assertEquals(List.of("ok1", "ok6"), p.rows().stream().map(RosterCsv.Row::username).toList());
        assertEquals(null, p.rows().getFirst().email(), "an empty (or blank) e-mail is none");
        assertEquals(List.of(3, 4, 5, 6, 7), p.rejected().stream().map(RosterCsv.Rejected::line).toList());
        List<String> reasons = p.rejected().stream().map(RosterCsv.Rejected::reason).toList();
        assertTrue(reasons.get(0).contains("must be 3 to 40"), reasons.get(0));
        assertTrue(reasons.get(1).contains("already on line 2"), reasons.get(1));
        assertTrue(reasons.get(2).contains("the name is empty"), reasons.get(2));
        assertTrue(reasons.get(3).contains("not an e-mail address"), reasons.get(3));
        assertTrue(reasons.get(4).contains("has 2 fields, expected 3"), reasons.get(4));
    }

    @Test
    @DisplayName("a missing or wrong header refuses the whole file, saying why")
    void header() {
        assertTrue(assertThrows(ApiException.class, () -> RosterCsv.parse("")).getMessage().contains("empty"));
        assertTrue(assertThrows(ApiException.class, () -> RosterCsv.parse("username,name\n")).getMessage()
                .contains("must name the columns username, name and email"));
        assertTrue(assertThrows(ApiException.class, () -> RosterCsv.parse("username,name,email,phone\n")).getMessage()
                .contains("unknown column 'phone'"));
        assertTrue(assertThrows(ApiException.class, () -> RosterCsv.parse("username,name,name\n")).getMessage()
                .contains("named twice"));
    }
}
