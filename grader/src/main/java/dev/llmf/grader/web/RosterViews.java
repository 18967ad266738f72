package dev.llmf.grader.web;

import dev.llmf.grader.dashboard.Csv;
import dev.llmf.grader.roster.RosterQuery;
import dev.llmf.grader.roster.RosterService;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** What the roster pages show, already formatted (plain text; the templates escape it). */
public final class RosterViews {

    private RosterViews() {
    }

    public record MemberRow(String username, String name, String email, String role, boolean learner,
                            boolean disabled, boolean passwordSet, String joined) {
    }

    /** The roster page: one page of members, the filter, and a sentence about what was just done (or null). */
    public record RosterPage(List<MemberRow> members, String q, int page, int pages, long matched, String prevHref,
                             String nextHref, String notice) {
    }

    /** Set-password links just made, with the same as a CSV file in a {@code data:} URL for the download link. */
    public record LinksPage(String heading, List<RosterService.Issued> links, String csvHref) {
    }

    static RosterPage roster(RosterQuery.Page p, String notice) {
        List<MemberRow> rows = p.members().stream().map(r -> new MemberRow(r.username(), r.name(),
                r.email() == null ? "" : r.email(), r.role().toLowerCase(Locale.ROOT), r.role().equals("LEARNER"),
                r.disabled(), r.passwordSet(), Format.when(r.joinedAt()))).toList();
        String prev = p.page() > 1 ? href(p.q(), p.page() - 1) : null;
        String next = p.page() < p.pages() ? href(p.q(), p.page() + 1) : null;
        return new RosterPage(rows, p.q(), p.page(), p.pages(), p.matched(), prev, next, notice);
    }

    static LinksPage links(String heading, List<RosterService.Issued> links) {
        return new LinksPage(heading, links, csvHref(links));
    }

    /** The links as the CSV the instructor sends out: username, name, email, link, expires_at. */
    static String csv(List<RosterService.Issued> links) {
        StringBuilder csv = new StringBuilder(Csv.line(List.of("username", "name", "email", "link", "expires_at")));
        for (RosterService.Issued i : links) {
            csv.append(Csv.line(java.util.Arrays.asList(i.username(), i.name(), i.email(), i.link(),
                    i.expiresAt().toString())));
        }
        return csv.toString();
    }

    // A data: URL holds the file in the page itself: the links are never stored in clear, so there is no later
    // request that could fetch them again.
    private static String csvHref(List<RosterService.Issued> links) {
        return "data:text/csv;charset=utf-8," + URLEncoder.encode(csv(links), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String href(String q, int page) {
        return "/instructor/roster?page=" + page + (q.isEmpty() ? "" : "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    }
}
