package dev.llmf.grader.roster;

import dev.llmf.grader.api.ApiException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** An uploaded roster's bytes as text: UTF-8 only, said so when it is not (a spreadsheet's other encodings). */
public final class RosterText {

    /** A roster of a few thousand lines is well under this. */
    public static final int MAX_BYTES = 1024 * 1024;

    private RosterText() {
    }

    public static String utf8(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw ApiException.badRequest("the roster is empty: send a header row 'username,name,email' and one line per person");
        }
        if (bytes.length > MAX_BYTES) {
            throw ApiException.tooLarge("the roster has " + bytes.length + " bytes; at most " + MAX_BYTES);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the roster is not UTF-8 text: save it as \"CSV UTF-8\" and import it again");
        }
    }
}
