package dev.llmf.grader.web.figures;

import dev.llmf.contract.Tokenizer;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.reference.ReferenceTokenizer;
import io.quarkus.qute.TemplateInstance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The tokenizer: the merge trace of training on the course's example, step by step, the learner's beside the
 * reference's with the first divergence marked; then the split of a sample sentence into tokens, as chips.
 */
final class TokenizerFigure extends LearnerFigure<TokenizerFigure.Learned, TokenizerFigure.View> {

    /** The course's worked example: 8 merges make every word one token, so training stops there. */
    static final String CORPUS = "low lower lowest lowly";
    static final int VOCAB_SIZE = 300;
    /** The sentence the hidden suite encodes after the course merges. */
    static final String SENTENCE = "lowest lowly low lower slow";
    /** A learner whose training never stops gets this many rows, not 44. */
    static final int MAX_STEPS = 16;

    private static final ReferenceTokenizer REFERENCE = reference();
    private static final int[] REFERENCE_IDS = REFERENCE.encode(SENTENCE);

    /** What the learner's tokenizer said: its merges, its encoding of the sentence, and the bytes of its tokens. */
    public record Learned(List<Tokenizer.Merge> merges, int[] ids, Map<Integer, byte[]> tokenBytes) {
    }

    /** One side of a merge step, as text: {@code left + right → id (text)}. */
    public record MergeCell(String left, String right, int id, String text) {
    }

    /** @param kind {@code same}, {@code diverges} (the first step that differs) or {@code after} (later steps) */
    public record Step(int number, MergeCell reference, MergeCell learner, String kind) {
    }

    public record View(String corpus, int vocabSize, String sentence, List<Step> steps, List<TokenChip> reference,
                       List<TokenChip> learner, Verdict verdict) {
    }

    TokenizerFigure() {
        super(Exercise.TOKENIZER, "Your tokenizer, merge by merge");
    }

    @Override
    Learned runLearner(LearnerCalls calls) {
        Tokenizer tokenizer = calls.implementation(Tokenizer.class);
        calls.run("train", () -> tokenizer.train(CORPUS, VOCAB_SIZE));
        List<Tokenizer.Merge> merges = calls.call("merges", tokenizer::merges);
        int[] ids = calls.call("encode", () -> tokenizer.encode(SENTENCE));
        Map<Integer, byte[]> bytes = new HashMap<>();
        IntFunction<byte[]> lookUp = id -> bytes.computeIfAbsent(id,
                i -> calls.call("tokenBytes", () -> tokenizer.tokenBytes(i)));
        if (merges != null) {
            for (Tokenizer.Merge m : merges.subList(0, Math.min(merges.size(), MAX_STEPS))) {
                lookUp.apply(m.left());
                lookUp.apply(m.right());
                lookUp.apply(m.token());
            }
        }
        if (ids != null) {
            Arrays.stream(ids).limit(TokenChip.MAX_CHIPS).forEach(lookUp::apply);
        }
        return new Learned(merges, ids, bytes);
    }

    @Override
    View compare(Learned learned) {
        if (learned.merges() == null) {
            throw new Unusable("your merges() returned null: return the merges in the order they were learned");
        }
        if (learned.ids() == null) {
            throw new Unusable("your encode returned null: an int[] of token ids was expected");
        }
        List<Tokenizer.Merge> mine = learned.merges();
        List<Tokenizer.Merge> theirs = REFERENCE.merges();
        int diverges = firstDifference(theirs, mine);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < Math.min(Math.max(theirs.size(), mine.size()), MAX_STEPS); i++) {
            String kind = diverges < 0 || i < diverges ? "same" : i == diverges ? "diverges" : "after";
            steps.add(new Step(i + 1, i < theirs.size() ? cell(theirs.get(i), REFERENCE::tokenBytes) : null,
                    i < mine.size() ? cell(mine.get(i), learned.tokenBytes()::get) : null, kind));
        }
        int split = Arrays.mismatch(REFERENCE_IDS, learned.ids());
        List<TokenChip> chips = TokenChip.of(learned.ids(), learned.tokenBytes()::get, split);
        return new View(CORPUS, VOCAB_SIZE, SENTENCE, steps, referenceChips(), chips,
                verdict(steps, theirs.size(), mine.size(), diverges, split));
    }

    @Override
    View failed(String why) {
        List<Step> steps = new ArrayList<>();
        List<Tokenizer.Merge> theirs = REFERENCE.merges();
        for (int i = 0; i < theirs.size(); i++) {
            steps.add(new Step(i + 1, cell(theirs.get(i), REFERENCE::tokenBytes), null, "same"));
        }
        return new View(CORPUS, VOCAB_SIZE, SENTENCE, steps, referenceChips(), List.of(), Verdict.failed(why));
    }

    @Override
    TemplateInstance render(View view) {
        return FigureTemplates.tokenizer(view);
    }

    private static Verdict verdict(List<Step> steps, int theirs, int mine, int diverges, int split) {
        String training;
        if (diverges < 0) {
            training = "Your " + mine + " merges are the reference's.";
        } else if (diverges >= mine) {
            training = "You learned " + mine + " merges; the reference learns " + theirs + " before no pair is left.";
        } else if (diverges >= theirs) {
            training = "Your first " + theirs + " merges are the reference's, but you went on to merge " + mine
                    + " times: stop when no adjacent pair is left in any chunk.";
        } else {
            Step step = steps.get(diverges);
            training = "Your training first differs at merge " + step.number() + ": you merged " + pair(step.learner())
                    + ", the reference " + pair(step.reference()) + ".";
        }
        String splitting = split < 0 ? " Your split of the sentence is the reference's."
                : " Your split of the sentence differs from token " + (split + 1) + " on"
                + (diverges < 0 ? ": with the same merges, encode must apply the earliest-learned merge first." : ".");
        String text = training + splitting;
        return diverges < 0 && split < 0 ? Verdict.matches(text) : Verdict.differs(text);
    }

    private static List<TokenChip> referenceChips() {
        return TokenChip.of(REFERENCE_IDS, REFERENCE::tokenBytes, -1);
    }

    private static MergeCell cell(Tokenizer.Merge m, IntFunction<byte[]> bytes) {
        return new MergeCell(TokenChip.text(bytes.apply(m.left())), TokenChip.text(bytes.apply(m.right())), m.token(),
                TokenChip.text(bytes.apply(m.token())));
    }

    private static String pair(MergeCell c) {
        return "“" + c.left() + "” + “" + c.right() + "” → " + c.id() + " “" + c.text() + "”";
    }

    /** The index of the first merge that differs (or that one list lacks); -1 if the lists are equal. */
    private static int firstDifference(List<Tokenizer.Merge> a, List<Tokenizer.Merge> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return a.size() == b.size() ? -1 : Math.min(a.size(), b.size());
    }

    private static ReferenceTokenizer reference() {
        ReferenceTokenizer t = new ReferenceTokenizer();
        t.train(CORPUS, VOCAB_SIZE);
        return t;
    }
}
