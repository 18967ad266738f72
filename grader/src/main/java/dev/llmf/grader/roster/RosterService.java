package dev.llmf.grader.roster;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.audit.AuditAction;
import dev.llmf.grader.audit.AuditLog;
import dev.llmf.grader.auth.PasswordLinks;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The course's roster, changed by its instructors: importing a CSV of learners, adding one person (learner,
 * assistant or instructor), disabling, re-enabling and deleting, and new set-password links. A new account gets a
 * set-password link instead of a password; an account that already exists (from another course) is enrolled as it
 * is and keeps its password. Every change is in the audit log.
 */
@ApplicationScoped
public class RosterService {

    /** A person given a set-password link. */
    public record Issued(String username, String name, String email, String link, Instant expiresAt) {
    }

    /** What an import did: new accounts with their links, existing accounts enrolled, and the lines refused. */
    public record ImportResult(List<Issued> created, List<String> enrolled, List<RosterCsv.Rejected> rejected) {
    }

    /** A person to add: {@code email} may be null. */
    public record NewMember(String username, String name, String email, Role role) {
    }

    /** An added person: {@code issued} is null when the account existed already (it keeps its password). */
    public record Added(String username, Role role, Issued issued) {
    }

    @Inject
    PasswordLinks links;

    @Inject
    AuditLog audit;

    @Inject
    RosterQuery query;

    /**
     * Imports the roster's good lines as learners, all in one transaction (a failure imports none of them), and
     * reports the bad lines; see {@link RosterCsv}. A line whose person is already in the course is refused.
     */
    @Transactional
    public ImportResult importCsv(Member instructor, String csv, String serverUrl) {
        RosterCsv.Parsed parsed = RosterCsv.parse(csv);
        List<Issued> created = new ArrayList<>();
        List<String> enrolled = new ArrayList<>();
        List<RosterCsv.Rejected> rejected = new ArrayList<>(parsed.rejected());
        for (RosterCsv.Row row : parsed.rows()) {
            Account existing = Account.byUsername(row.username()).orElse(null);
            if (existing != null && Membership.find(existing.id, instructor.courseId()).isPresent()) {
                rejected.add(new RosterCsv.Rejected(row.line(), row.text(),
                        "'" + row.username() + "' is already in this course"));
                continue;
            }
            Added added = enrol(instructor, new NewMember(row.username(), row.name(), row.email(), Role.LEARNER),
                    existing, serverUrl);
            if (added.issued() == null) {
                enrolled.add(added.username());
            } else {
                created.add(added.issued());
            }
        }
        rejected.sort(java.util.Comparator.comparingInt(RosterCsv.Rejected::line));
        audit.record(instructor, AuditAction.ROSTER_IMPORTED, null, null, null, created.size() + " created, "
                + enrolled.size() + " existing accounts enrolled, " + rejected.size() + " lines refused");
        return new ImportResult(created, enrolled, rejected);
    }

    /** Adds one person with a role; 409 when they are in the course already. */
    @Transactional
    public Added add(Member instructor, NewMember person, String serverUrl) {
        NewMember checked = checked(person);
        Account existing = Account.byUsername(checked.username()).orElse(null);
        if (existing != null && Membership.find(existing.id, instructor.courseId()).isPresent()) {
            throw ApiException.conflict("'" + checked.username() + "' is already in this course");
        }
        Added added = enrol(instructor, checked, existing, serverUrl);
        audit.record(instructor, AuditAction.MEMBER_ADDED, added.username(), null, null,
                "as " + added.role().name().toLowerCase(Locale.ROOT));
        return added;
    }

    /** Disables a member: their work stays, they cannot use the course (nor sign in, if it was their only one). */
    @Transactional
    public void disable(Member instructor, String username) {
        Membership m = other(instructor, username);
        if (m.disabledAt == null) {
            m.disabledAt = Instant.now();
            audit.record(instructor, AuditAction.MEMBER_DISABLED, username, null, null, "");
        }
    }

    @Transactional
    public void enable(Member instructor, String username) {
        Membership m = other(instructor, username);
        if (m.disabledAt != null) {
            m.disabledAt = null;
            audit.record(instructor, AuditAction.MEMBER_ENABLED, username, null, null, "");
        }
    }

    /**
     * Removes a member from the course with everything they did in it (submissions, results, progress, comments on
     * their work, extensions, overrides); the account itself goes too when it belongs to no other course.
     */
    @Transactional
    public long delete(Member instructor, String username) {
        Membership m = other(instructor, username);
        long submissions = query.deleteWork(m.key.accountId(), instructor.courseId());
        m.delete();
        query.deleteAccountIfUnused(m.key.accountId());
        audit.record(instructor, AuditAction.MEMBER_DELETED, username, null, null,
                submissions + (submissions == 1 ? " submission" : " submissions") + " deleted");
        return submissions;
    }

    /** A new set-password link for a member; their earlier unused links stop working. */
    @Transactional
    public Issued newLink(Member instructor, String username, String serverUrl) {
        Membership m = member(instructor, username);
        Account account = Account.findById(m.key.accountId());
        audit.record(instructor, AuditAction.LINK_ISSUED, username, null, null, "");
        return issue(instructor, account, serverUrl);
    }

    /** New links for every member who has not set a password yet (for the CSV to send out). */
    @Transactional
    public List<Issued> newLinksForAllWithoutPassword(Member instructor, String serverUrl) {
        List<Issued> out = new ArrayList<>();
        for (Account a : query.withoutPassword(instructor.courseId())) {
            out.add(issue(instructor, a, serverUrl));
        }
        if (!out.isEmpty()) {
            audit.record(instructor, AuditAction.LINK_ISSUED, null, null, null,
                    out.size() + " links for everyone without a password");
        }
        return out;
    }

    private Added enrol(Member instructor, NewMember person, Account existing, String serverUrl) {
        Account account = existing;
        Issued issued = null;
        if (account == null) {
            account = new Account();
            account.username = person.username();
            account.displayName = person.name();
            account.email = person.email();
            account.passwordHash = Account.NO_PASSWORD;
            account.persist();
            issued = issue(instructor, account, serverUrl);
        }
        Membership.of(account.id, instructor.courseId(), person.role()).persist();
        return new Added(account.username, person.role(), issued);
    }

    private Issued issue(Member instructor, Account account, String serverUrl) {
        PasswordLinks.Link link = links.issue(account, instructor.account().id, serverUrl);
        return new Issued(account.username, account.displayName, account.email, link.url(), link.expiresAt());
    }

    private static NewMember checked(NewMember p) {
        if (p == null || p.username() == null || p.role() == null) {
            throw ApiException.badRequest("send {\"username\": …, \"name\": …, \"email\": …, \"role\": \"LEARNER\"|"
                    + "\"ASSISTANT\"|\"INSTRUCTOR\"}");
        }
        String line = String.join(",", csvCell(p.username()), csvCell(p.name()), csvCell(p.email()));
        RosterCsv.Parsed parsed = RosterCsv.parse("username,name,email\n" + line);
        if (!parsed.rejected().isEmpty()) {
            throw ApiException.badRequest(parsed.rejected().getFirst().reason());
        }
        RosterCsv.Row row = parsed.rows().getFirst();
        return new NewMember(row.username(), row.name(), row.email(), p.role());
    }

    // One value as a CSV cell, so a single person is checked by exactly the rules of an import.
    private static String csvCell(String value) {
        return value == null ? "" : '"' + value.replace("\"", "\"\"") + '"';
    }

    /** A member of the instructor's course; 404 otherwise. */
    private static Membership member(Member instructor, String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return Account.byUsername(name).flatMap(a -> Membership.find(a.id, instructor.courseId()))
                .orElseThrow(() -> ApiException.notFound("no member '" + username + "' in this course"));
    }

    /** Like {@link #member}, but not the instructor themselves: nobody locks themselves out. */
    private static Membership other(Member instructor, String username) {
        Membership m = member(instructor, username);
        if (m.key.accountId().equals(instructor.account().id)) {
            throw ApiException.conflict("you cannot disable or delete your own account; ask another instructor");
        }
        return m;
    }
}
