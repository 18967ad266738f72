package dev.llmf.grader.web;

/** Thrown by a page that needs a signed-in learner when nobody is: answered with a redirect to the sign-in page. */
final class SignInRequired extends RuntimeException {

    SignInRequired() {
        super("sign in first", null, false, false);
    }
}
