package dev.llmf.grader.audit;

/** What staff did, as the audit page names it. */
public enum AuditAction {
    ROSTER_IMPORTED("imported a roster"),
    MEMBER_ADDED("added a member"),
    MEMBER_DISABLED("disabled a member"),
    MEMBER_ENABLED("re-enabled a member"),
    MEMBER_DELETED("deleted a member with their submissions"),
    LINK_ISSUED("issued a set-password link"),
    SCHEDULE_CHANGED("changed the schedule"),
    LATE_POLICY_CHANGED("changed the late penalty"),
    EXTENSION_GRANTED("granted an extension"),
    EXTENSION_REMOVED("removed an extension"),
    OVERRIDE_SET("overrode a score"),
    OVERRIDE_REMOVED("removed a score override"),
    REGRADE_STARTED("started a regrade");

    private final String label;

    AuditAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
