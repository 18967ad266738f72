package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tokenizer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A stand-in grader in its own JVM: opens a session, starts an endless call and prints the launcher's pid. The test
 * then kills this JVM with SIGKILL and checks that the sandboxed child dies with it.
 */
public final class GraderStub {

    private GraderStub() {
    }

    public static void main(String[] args) throws Exception {
        Sandbox sandbox = args[0].equals("bubblewrap") ? new BubblewrapSandbox() : new ProcessSandbox();
        JvmSession session = (JvmSession) sandbox.open(Path.of(args[1]),
                new Limits(Duration.ofSeconds(60), 64, 256, 64, 4096));
        Tokenizer loop = session.implementation(Tokenizer.class, "learner.Loop");
        Thread caller = new Thread(() -> loop.decode(new int[0]), "caller");
        caller.start();
        Thread.sleep(200);
        System.out.println("launcher " + session.childPid());
        System.out.flush();
        caller.join();
    }
}
