package dev.llmf.grader.web;

import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.Submissions;
import dev.llmf.grader.support.WebSession;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The figures of the tokenizer, the transformer block, the sampler, the mini-GPT and training, drawn from the sample
 * submissions run in the sandbox: the accepted sample's figure matches the reference, the planted bug's shows
 * where it differs. Expected values come from the course's worked numbers and from what each planted bug changes,
 * not from the figure code.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class FiguresTest {

    @Test
    @DisplayName("tokenizer: the accepted sample's merge trace and split are the reference's")
    void tokenizerAccepted() {
        String html = figure("wes", "tokenizer", "accepted");
        assertPasses(html);
        // the course's worked example: l+o → 256, then 256+w → 257 ("low"), then 257+e → 258 ("lowe")
        assertTrue(html.contains("<code>l</code> + <code>o</code> → <strong>256</strong> <span class=\"chip\">lo</span>"), html);
        assertTrue(html.contains("<code>lo</code> + <code>w</code> → <strong>257</strong> <span class=\"chip\">low</span>"), html);
        assertTrue(html.contains("<code>low</code> + <code>e</code> → <strong>258</strong> <span class=\"chip\">lowe</span>"), html);
        // 3 merges for "low"/"lowe", then lower +1, lowest +2, lowly +2: every word one token after 8
        assertEquals(8, count(html, "<tr class=\"step same\">"), html);
        assertEquals(chips(html, "split-reference"), chips(html, "split-learner"));
        assertTrue(chips(html, "split-learner").stream().noneMatch(c -> c.contains("differs")), html);
    }

    @Test
    @DisplayName("tokenizer: the planted tie-break bug diverges at merge 1, o+w instead of l+o")
    void tokenizerPlantedBug() {
        String html = figure("xia", "tokenizer", "planted-bug");
        assertDiffers(html);
        // (l,o) and (o,w) both occur 4 times; breaking the tie toward the larger pair merges (o,w) first
        Matcher first = Pattern.compile("<tr class=\"step diverges\">\\s*<th scope=\"row\">1 <span class=\"flag\">"
                + "first difference</span></th>\\s*<td><code>l</code> \\+ <code>o</code> → <strong>256</strong>.*?</td>"
                + "\\s*<td><code>o</code> \\+ <code>w</code> → <strong>256</strong>", Pattern.DOTALL).matcher(html);
        assertTrue(first.find(), html);
        assertEquals(1, count(html, "class=\"step diverges\""));
        assertEquals(0, count(html, "class=\"step same\""), "nothing before merge 1");
        assertTrue(html.contains("Your training first differs at merge 1"), html);
        assertTrue(html.contains("id=\"split-learner\""), html);
        assertTrue(chips(html, "split-learner").stream().anyMatch(c -> c.contains("differs")), "the split differs too");
    }

    @Test
    @DisplayName("sampler: the accepted sample's bars are the reference's in every setting")
    void samplerAccepted() {
        String html = figure("yan", "sampler", "accepted");
        assertPasses(html);
        assertEquals(6, count(html, "<svg id=\"sampler-"), html);
        assertEquals(24, count(html, "<g class=\"bar learner\">"), "6 settings × 4 tokens, all matching");
        assertEquals(0, count(html, "<g class=\"bar differs\">"));
        // the course's softmax of [2, 1, 0.5, 0]: "on" 0.579259, as the reference's bar's tooltip
        assertTrue(html.contains("the reference gives “on” 0.579259"), html);
    }

    @Test
    @DisplayName("sampler: the planted top-p bug shows different bars at top-p 0.7 and 0.95 only")
    void samplerPlantedBug() {
        String html = figure("zed", "sampler", "planted-bug");
        assertDiffers(html);
        for (int panel = 1; panel <= 4; panel++) {
            assertTrue(html.contains("<figure id=\"sampler-panel-" + panel + "\" class=\"chart-panel\">"),
                    "temperature and top-k are untouched by the bug: panel " + panel + "\n" + html);
        }
        assertTrue(html.contains("<figure id=\"sampler-panel-5\" class=\"chart-panel differs\">"), html);
        assertTrue(html.contains("<figure id=\"sampler-panel-6\" class=\"chart-panel differs\">"), html);
        // top-p 0.7 must keep "on" and "the" (cumulative 0.579, 0.792), renormalised to 0.731059 and 0.268941;
        // dropping the token that crosses p keeps "on" alone
        assertTrue(html.contains("“the”: yours 0.000000, reference 0.268941"), html);
        // top-p 0.95 keeps all four: "in" is 0.078394 there, and the bug drops it
        assertTrue(html.contains("“in”: yours 0.000000, reference 0.078394"), html);
        assertTrue(html.contains("differs from the reference&#39;s with top-p = 0.7, top-p = 0.95"), html);
    }

    @Test
    @DisplayName("block: the accepted sample is within the tolerance at every stage")
    void blockAccepted() {
        String html = figure("ada", "transformer-block", "accepted");
        assertPasses(html);
        assertEquals(6, count(html, "<g class=\"stage pass\">"), html);
        assertTrue(html.contains("<svg id=\"block-stages\" class=\"log-bars\""), html);
    }

    @Test
    @DisplayName("block: the planted LayerNorm bug is above the tolerance from LayerNorm 1 on; the feed-forward alone is fine")
    void blockPlantedBug() {
        String html = figure("bob", "transformer-block", "planted-bug");
        assertDiffers(html);
        assertTrue(html.contains("The first stage that differs is LayerNorm 1"), html);
        assertEquals(1, count(html, "<g class=\"stage pass\">"), "only the feed-forward, given the reference's input:\n" + html);
        assertEquals(5, count(html, "<g class=\"stage fail\">"), html);
        assertTrue(html.contains("Within the tolerance: feed-forward."), html);
    }

    @Test
    @DisplayName("attention: the accepted sample's maps are the reference's, said in a sentence above them, with a legend")
    void attentionAccepted() {
        String html = figure("ida", "attention", "accepted");
        assertPasses(html);
        assertTrue(html.indexOf("id=\"figure-comparison\"") < html.indexOf("id=\"heatmap-learner-set\""),
                "the finding comes before the maps:\n" + html);
        assertTrue(html.contains("Your weights match the reference&#39;s in every cell"), html);
        assertTrue(html.contains("<ul id=\"heatmap-legend\""), html);
        for (String entry : new String[] {"masked: weight 0", "the mask leaked", "not a number", "largest difference"}) {
            assertTrue(html.contains(entry), "legend entry " + entry + "\n" + html);
        }
        assertEquals(0, count(html, "class=\"cell largest\""), html);
        // 6 tokens: 15 of the 36 cells of each of the 2 heads are later tokens, masked in both the reference and yours
        assertEquals(4 * 15, count(html, "class=\"cell masked\""), html);
    }

    @Test
    @DisplayName("attention: the planted missing-scale bug keeps the mask and names, in words, its largest difference")
    void attentionPlantedBug() {
        String html = figure("jon", "attention", "planted-bug");
        assertDiffers(html);
        assertEquals(0, count(html, "class=\"cell leak\""), "the bug leaves the mask alone:\n" + html);
        assertEquals(1, count(html, "class=\"cell largest\""), "one cell outlined in amber:\n" + html);
        Matcher sentence = Pattern.compile("The largest difference is in head (\\d), where “(\\w+)” \\(row (\\d)\\) looks at"
                + " “(\\w+)” \\(column (\\d)\\): yours (\\d\\.\\d{3}), the reference&#39;s (\\d\\.\\d{3}) \\(outlined in amber\\)")
                .matcher(html);
        assertTrue(sentence.find(), html);
        int row = Integer.parseInt(sentence.group(3));
        int column = Integer.parseInt(sentence.group(5));
        assertTrue(column <= row, "a difference can only be where the mask lets a token look: " + sentence.group());
        assertFalse(sentence.group(6).equals(sentence.group(7)), sentence.group());
        assertFalse(html.contains("outlined in red"), html);
    }

    @Test
    @DisplayName("mini-GPT: the accepted sample's logits and generated text are the reference's")
    void miniGptAccepted() {
        String html = figure("cyd", "mini-gpt", "accepted");
        assertPasses(html);
        assertEquals(3, count(html, "<g class=\"stage pass\">"), "embeddings only, after block 1, after block 2:\n" + html);
        List<String> learner = chips(html, "generated-learner");
        assertEquals(20, learner.size(), html);
        assertEquals(chips(html, "generated-reference"), learner);
        assertTrue(learner.stream().noneMatch(c -> c.contains("differs")), html);
    }

    @Test
    @DisplayName("mini-GPT: the planted seed bug has the reference's logits but generates other text from token 2 on")
    void miniGptPlantedBug() {
        String html = figure("dee", "mini-gpt", "planted-bug");
        assertDiffers(html);
        assertEquals(3, count(html, "<g class=\"stage pass\">"), "the bug is in generate, not forward:\n" + html);
        // step 1 draws the first number of SplittableRandom(seed) either way; from step 2 the bug draws it again
        List<String> learner = chips(html, "generated-learner");
        assertEquals(20, learner.size(), html);
        assertFalse(learner.getFirst().contains("differs"), html);
        assertTrue(learner.stream().anyMatch(c -> c.contains("differs")), html);
        assertTrue(html.contains("Every stage matches the reference&#39;s"), html);
        assertTrue(html.contains("Your generated text differs from token "), html);
    }

    @Test
    @DisplayName("training: the accepted sample's 30 steps are the reference's and its gradient check agrees everywhere")
    void trainingAccepted() {
        String html = figure("eli", "training", "accepted");
        assertPasses(html);
        assertTrue(html.contains("<svg id=\"training-loss\" class=\"loss-curve\""), html);
        assertEquals(1, count(html, "<polyline class=\"learner\""), "one unbroken line:\n" + html);
        assertEquals(0, count(html, "<g class=\"marker"), html);
        assertEquals(30, count(html, "<tr class=\"same\">"), "30 steps, none differing");
        // 4 groups (logits, x, W, b) × 3 comparisons
        assertEquals(12, count(html, "<td class=\"check pass\""), html);
        assertTrue(html.contains("Your 30 steps follow the reference&#39;s"), html);
        // the schedule by hand: warm-up over 5 steps to 0.2 gives 0.04 at step 0, 0.2 at steps 4 and 5
        assertTrue(html.contains("<th scope=\"row\">0</th><td>0.040000</td><td>0.040000</td>"), html);
        assertTrue(html.contains("<th scope=\"row\">5</th><td>0.200000</td><td>0.200000</td>"), html);
    }

    @Test
    @DisplayName("training: the planted warm-up bug differs from step 0 on, where its learning rate is 0 instead of 0.04")
    void trainingPlantedBug() {
        String html = figure("fox", "training", "planted-bug");
        assertDiffers(html);
        assertTrue(html.contains("Your run first differs at step 0: the learning rate is 0.000000, the reference&#39;s "
                + "0.040000 — check learningRate"), html);
        assertTrue(html.contains("<th scope=\"row\">0</th><td>0.040000</td><td>0.000000</td>"), html);
        // with lr 0 the first update moves nothing, so step 1 has the loss of step 0: every later step differs too
        assertEquals(30, count(html, "<tr class=\"differs\">"), html);
        assertEquals(12, count(html, "<td class=\"check pass\""), "the gradients are right:\n" + html);
        assertTrue(count(html, "<g class=\"marker differs\">") >= 29, html);
    }

    @Test
    @DisplayName("training: the planted transposed softmax gradient trains like the reference but fails the logits' gradient check")
    void trainingSoftmaxTransposed() {
        String html = figure("gil", "training", "planted-bug-softmax-transposed");
        assertDiffers(html);
        assertEquals(30, count(html, "<tr class=\"same\">"), "softmaxBackward is not part of the run:\n" + html);
        assertEquals(2, count(html, "<td class=\"check fail\""), "the logits' two ways, and its second vs the "
                + "reference's:\n" + html);
        assertTrue(html.contains("In the gradient check, these differ: logits: your crossEntropyGradient and your "
                + "softmaxBackward differ"), html);
        assertTrue(html.contains("logits: your softmaxBackward and the reference&#39;s differ"), html);
    }

    @Test
    @DisplayName("the stub's figure says which call failed and how, in a sentence, and still shows the reference")
    void stubFails() {
        WebSession gus = WebSession.signIn("gus");
        long id = gus.submit("tokenizer", Submissions.sources("tokenizer", "stub"));
        String html = gus.request().get("/submissions/" + id + "/figure").then().statusCode(200).extract().asString();
        assertTrue(html.contains("<p id=\"figure-failure\" class=\"error\">your train threw UnsupportedOperationException: "),
                html);
        assertFalse(html.contains("\tat "), "no stack trace");
        assertEquals(8, count(html, "<tr class=\"step same\">"), "the reference's trace is still drawn");
        assertFalse(html.contains("id=\"split-learner\""), html);
    }

    @Test
    @DisplayName("a learner cannot fetch another learner's figure (403); an exercise without a figure is 404")
    void onlyTheLearnersOwn() {
        WebSession eve = WebSession.signIn("eve");
        long id = eve.submit("sampler", Submissions.sources("sampler", "accepted"));
        WebSession fay = WebSession.signIn("fay");
        fay.request().get("/submissions/" + id + "/figure").then().statusCode(403).body(containsString("is not yours"));
        long tensors = eve.submit("tensors", Submissions.sources("tensors", "accepted"));
        eve.request().get("/submissions/" + tensors + "/figure").then().statusCode(404)
                .body(containsString("has no figure"));
    }

    private static String figure(String learner, String exercise, String kase) {
        WebSession session = WebSession.signIn(learner);
        long id = session.submit(exercise, Submissions.sources(exercise, kase));
        String page = session.request().get("/submissions/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("<div id=\"figure-" + exercise + "\" class=\"figure\" data-src=\"/submissions/" + id
                + "/figure\">"), page);
        String html = session.request().get("/submissions/" + id + "/figure").then().statusCode(200).extract().asString();
        assertFalse(html.contains("figure-failure"), html);
        assertFalse(html.contains("Exception"), html);
        return html;
    }

    private static void assertPasses(String html) {
        assertTrue(html.contains("<p id=\"figure-comparison\" class=\"pass\">"), html);
    }

    private static void assertDiffers(String html) {
        assertTrue(html.contains("<p id=\"figure-comparison\" class=\"fail\">"), html);
    }

    /** The chips of the row {@code id}, each as its class and text: {@code "tone-2|lo|256"}. */
    private static List<String> chips(String html, String id) {
        int from = html.indexOf("<p id=\"" + id + "\"");
        assertTrue(from >= 0, "no " + id + " in\n" + html);
        String row = html.substring(from, html.indexOf("</p>", from));
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<span class=\"chip ([^\"]*)\"[^>]*>(.*?)<sub>(\\d+)</sub></span>").matcher(row);
        while (m.find()) {
            out.add(m.group(1) + "|" + m.group(2) + "|" + m.group(3));
        }
        return out;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
