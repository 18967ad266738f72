package dev.llmf.grader.web;

import dev.llmf.grader.grading.Exercise;
import jakarta.enterprise.context.ApplicationScoped;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each exercise's lesson: its {@code exercises/NN-id/README.md}, packaged into the grader at build time as
 * {@code lessons/NN-id/README.md}, rendered from Markdown to HTML once and kept. Raw HTML in the Markdown is
 * escaped and unsafe link schemes (e.g. {@code javascript:}) dropped, so even a careless lesson edit cannot put
 * script on the page.
 */
@ApplicationScoped
public class Lessons {

    private final List<org.commonmark.Extension> extensions = List.of(TablesExtension.create());
    private final Parser parser = Parser.builder().extensions(extensions).build();
    private final HtmlRenderer renderer = HtmlRenderer.builder().extensions(extensions).escapeHtml(true)
            .sanitizeUrls(true).build();
    private final Map<Exercise, Optional<String>> html = new ConcurrentHashMap<>();

    /** The lesson as HTML, or empty when the build did not package it. */
    public Optional<String> html(Exercise exercise) {
        return html.computeIfAbsent(exercise, this::render);
    }

    static String resource(Exercise exercise) {
        return String.format("lessons/%02d-%s/README.md", exercise.number(), exercise.id());
    }

    private Optional<String> render(Exercise exercise) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource(exercise))) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(renderer.render(parser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
