package dev.llmf.grader.web;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.grading.Exercise;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The diagrams drawn beside the lessons ({@code exercises/NN-id/name.svg}, packaged as {@code lessons/NN-id/name.svg})
 * at {@code /lessons/NN-id/name.svg}, where the rendered lessons point. Nothing else is served here: the folder must
 * be an exercise's and the name a plain lower-case file name ending in {@code .svg}, so no path reaches any other
 * file. They are course material (the starter holds them too), so no sign-in is asked. An SVG opened on its own is a
 * document that could run script, so its policy allows nothing but the drawing's inline styles.
 */
@Path("/lessons/{folder}/{name}")
public class LessonImages {

    static final String MEDIA_TYPE = "image/svg+xml";
    static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'";
    // Lessons change only with a new build; an hour keeps pages quick, and the ETag makes a revalidation cheap.
    static final String CACHE = "public, max-age=3600";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*\\.svg");

    private record Image(byte[] svg, EntityTag etag) {
    }

    /** True for a name this resource would serve: {@code attention-flow.svg}, not {@code ../x.svg} or {@code A.SVG}. */
    static boolean isImageName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Where the image {@code name} beside the exercise's lesson is served. */
    static String url(Exercise exercise, String name) {
        return "/lessons/" + Lessons.folder(exercise) + "/" + name;
    }

    @GET
    public Response image(@PathParam("folder") String folder, @PathParam("name") String name,
                          @Context Request request) {
        Image image = find(folder, name).orElseThrow(() -> ApiException.notFound(
                "there is no lesson image '" + name + "' in '" + folder + "'"));
        Response.ResponseBuilder notModified = request.evaluatePreconditions(image.etag());
        Response.ResponseBuilder response = notModified != null ? notModified
                : Response.ok(image.svg(), MEDIA_TYPE).tag(image.etag());
        return response.header("Cache-Control", CACHE).header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff").build();
    }

    private static Optional<Image> find(String folder, String name) {
        if (!isImageName(name)) {
            return Optional.empty();
        }
        return Arrays.stream(Exercise.values()).filter(e -> Lessons.folder(e).equals(folder)).findFirst()
                .flatMap(exercise -> Lessons.packaged(exercise, name)).map(svg -> new Image(svg, etag(svg)));
    }

    private static EntityTag etag(byte[] svg) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(svg);
            return new EntityTag(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
