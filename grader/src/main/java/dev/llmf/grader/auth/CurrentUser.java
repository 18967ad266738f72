package dev.llmf.grader.auth;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.Account;
import jakarta.enterprise.context.RequestScoped;

/** The account behind this request's bearer token, if any. */
@RequestScoped
public class CurrentUser {

    private Account account;

    void set(Account account) {
        this.account = account;
    }

    /** The signed-in account, or 401. */
    public Account require() {
        if (account == null) {
            throw ApiException.unauthorized("sign in first: send 'Authorization: Bearer <token>' (get a token from POST /api/auth/tokens)");
        }
        return account;
    }

    /** The signed-in instructor, or 401/403. */
    public Account requireInstructor() {
        Account a = require();
        if (!a.isInstructor()) {
            throw ApiException.forbidden("this needs an instructor account");
        }
        return a;
    }
}
