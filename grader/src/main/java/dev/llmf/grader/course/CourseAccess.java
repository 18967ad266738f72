package dev.llmf.grader.course;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.auth.CurrentUser;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * Which course a request is about, and the caller's role in it. Every page and API call goes through here: the
 * course named by {@code ?course=<slug>}, else the one the pages last chose ({@link CourseSelection#COOKIE}), else
 * the caller's newest course. A course the caller does not belong to is a 404, a membership that was disabled a
 * 403; the role checks ({@link #staff()}, {@link #instructor()}) are 403s that say what the caller is there.
 */
@RequestScoped
public class CourseAccess {

    /** One of the caller's courses, for the header's course switcher. */
    public record Choice(String slug, String title, Role role, boolean disabled) {
        public String roleLabel() {
            return role.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Inject
    CurrentUser currentUser;

    private String requestedSlug;
    private boolean requestedByQuery;
    private Member member;
    private List<Row> rows;

    /** Set by {@link CourseSelection} from the request, before any resource runs. */
    void requested(String querySlug, String cookieSlug) {
        boolean query = querySlug != null && !querySlug.isBlank();
        this.requestedByQuery = query;
        this.requestedSlug = query ? querySlug.strip() : cookieSlug;
    }

    /** The caller in the request's course: 401 when nobody is signed in. */
    public Member member() {
        if (member == null) {
            member = resolve(currentUser.require());
        }
        return member;
    }

    /** The caller, who must be staff (assistant or instructor) of the request's course. */
    public Member staff() {
        Member m = member();
        if (!m.staff()) {
            throw ApiException.forbidden("the instructor dashboard is for instructors and assistants of "
                    + m.course().title + "; you are a learner there");
        }
        return m;
    }

    /** The caller, who must be an instructor of the request's course. */
    public Member instructor() {
        Member m = member();
        if (!m.instructor()) {
            throw ApiException.forbidden("this is for instructors of " + m.course().title + "; you are "
                    + (m.staff() ? "an assistant" : "a learner") + " there");
        }
        return m;
    }

    /** The caller in the request's course, or empty when nobody is signed in or the course cannot be used. */
    public Optional<Member> memberIfAny() {
        if (currentUser.account().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(member());
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    /** The caller's courses, newest first; empty when nobody is signed in. */
    public List<Choice> choices() {
        if (currentUser.account().isEmpty()) {
            return List.of();
        }
        return rows(currentUser.account().get()).stream().map(r -> new Choice(r.course().slug, r.course().title,
                r.membership().role, r.membership().disabled())).toList();
    }

    // The caller's memberships, read once per request.
    private List<Row> rows(Account account) {
        if (rows == null) {
            rows = QuarkusTransaction.requiringNew().call(() -> memberships(account.id));
        }
        return rows;
    }

    /** Whether the course came from {@code ?course=} (the pages then remember it in the cookie). */
    boolean chosenByQuery() {
        return requestedByQuery && member != null;
    }

    /**
     * The caller's membership in {@code courseId}, for what belongs to a course of its own (a submission): the
     * course of the object, not the request's, decides.
     */
    public Optional<Membership> in(long courseId) {
        Account a = currentUser.require();
        return QuarkusTransaction.requiringNew().call(() -> Membership.find(a.id, courseId))
                .filter(m -> !m.disabled());
    }

    /** The account's role in its newest course it may use, for the sign-in's answer. */
    public static Optional<Role> newestRole(long accountId) {
        return QuarkusTransaction.requiringNew().call(() -> memberships(accountId).stream()
                .filter(r -> !r.membership().disabled()).map(r -> r.membership().role).findFirst());
    }

    private record Row(Membership membership, Course course) {
    }

    private Member resolve(Account account) {
        List<Row> rows = rows(account);
        Optional<Row> chosen = requestedSlug == null ? Optional.empty()
                : rows.stream().filter(r -> r.course().slug.equals(requestedSlug)).findFirst();
        if (chosen.isEmpty() && requestedByQuery) {
            throw ApiException.notFound("you belong to no course '" + requestedSlug + "'; GET /api/me/courses lists yours");
        }
        Row row = chosen.or(() -> rows.stream().filter(r -> !r.membership().disabled()).findFirst())
                .orElseThrow(() -> ApiException.forbidden("your account belongs to no course you may use"));
        if (row.membership().disabled()) {
            throw ApiException.forbidden("your place in " + row.course().title + " has been disabled; ask its instructor");
        }
        return new Member(account, row.course(), row.membership().role);
    }

    // Newest course first: without a choice, a learner of several terms lands in the current one.
    private static List<Row> memberships(long accountId) {
        return Membership.<Membership>list("key.accountId", accountId).stream()
                .map(m -> new Row(m, Course.<Course>findById(m.key.courseId())))
                .sorted((x, y) -> Long.compare(y.course().id, x.course().id))
                .toList();
    }
}
