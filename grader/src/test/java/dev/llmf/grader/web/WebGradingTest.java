package dev.llmf.grader.web;

import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.Submissions;
import dev.llmf.grader.support.WebSession;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;


import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * From the web form to the feedback page, through the real queue, compiler, sandbox and hidden suite; and the
 * attention heatmaps drawn from the learner's code run in the sandbox (the other figures: {@link FiguresTest}).
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class WebGradingTest {

    @Test
    @DisplayName("the accepted tensors solution submitted from the web form is graded 100%; only its learner sees it")
    void submitFromTheForm() {
        WebSession sam = WebSession.signIn("sam");
        long id = sam.submit("tensors", Submissions.sources("tensors", "accepted"));
        String pending = sam.request().get("/submissions/" + id).then().statusCode(200).extract().asString();
        assertTrue(pending.contains("data-submission=\"" + id + "\""), pending);
        assertTrue(pending.contains("<script src=\"/static/feedback.js\" defer></script>"));

        JsonPath result = sam.awaitGraded(id);
        assertEquals("GRADED", result.getString("status"), result.prettify());
        assertEquals(100.0, result.getDouble("score.percent"), result.prettify());

        String html = sam.request().get("/submissions/" + id).then().statusCode(200).extract().asString();
        assertTrue(html.contains("data-done=\"true\""));
        assertTrue(html.contains("<strong id=\"score\">"), html);
        assertTrue(html.contains("(100%)</strong>"), html);
        assertTrue(html.contains("id=\"test-results\""), html);
        assertTrue(html.contains("✓ passed"), html);
        assertFalse(html.contains("✗ failed"), html);
        assertFalse(html.contains("id=\"figure\""), "the tensors exercise has no figure");

        String exercise = sam.request().get("/exercises/tensors").then().statusCode(200).extract().asString();
        assertTrue(exercise.contains("<a href=\"/submissions/" + id + "\">#1</a>"), exercise);
        String home = sam.request().get("/").then().statusCode(200).extract().asString();
        assertTrue(home.contains("<span class=\"badge passed\">passed</span>"), home);
        sam.request().get("/static/feedback.js").then().statusCode(200);

        WebSession tom = WebSession.signIn("tom");
        tom.request().get("/submissions/" + id).then().statusCode(403).body(containsString("is not yours"));
        tom.request().get("/api/submissions/" + id).then().statusCode(403);
    }

    @Test
    @DisplayName("the accepted attention solution gets the reference's and its own heatmap, with the mask drawn")
    void attentionHeatmap() {
        WebSession una = WebSession.signIn("una");
        long id = una.submit("attention", Submissions.sources("attention", "accepted"));
        String page = una.request().get("/submissions/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("<div id=\"figure-attention\" class=\"figure\" data-src=\"/submissions/" + id
                + "/figure\">"), page);

        String svg = una.request().get("/submissions/" + id + "/figure").then().statusCode(200).extract().asString();
        for (String map : new String[] {"heatmap-reference-head-1", "heatmap-reference-head-2", "heatmap-learner-head-1",
                "heatmap-learner-head-2"}) {
            assertTrue(svg.contains("<svg id=\"" + map + "\" class=\"heatmap\" role=\"img\""), map + " in\n" + svg);
        }
        // 6 tokens: 15 masked cells above the diagonal in each of 2 heads, for the reference and the learner
        assertEquals(60, count(svg, "<g class=\"cell masked\">"), svg);
        assertEquals(0, count(svg, "<g class=\"cell leak\">"));
        assertTrue(svg.contains("id=\"figure-comparison\" class=\"pass\""), svg);
        assertFalse(svg.contains("figure-failure"));
        assertEquals(svg, una.request().get("/submissions/" + id + "/figure").then().extract().asString(),
                "the second time comes from the cache, the same");
        assertEquals(100.0, una.awaitGraded(id).getDouble("score.percent"));
    }

    @Test
    @DisplayName("when the learner's attention code fails, its heatmap is replaced by the failure")
    void attentionFailure() {
        WebSession vic = WebSession.signIn("vic");
        long id = vic.submit("attention", Submissions.sources("attention", "stub"));
        String html = vic.request().get("/submissions/" + id + "/figure").then().statusCode(200).extract().asString();
        assertTrue(html.contains("id=\"figure-failure\""), html);
        assertTrue(html.contains("UnsupportedOperationException"), html);
        assertTrue(html.contains("id=\"heatmap-reference-head-1\""), "the reference is still shown");
        assertFalse(html.contains("heatmap-learner-head"));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
