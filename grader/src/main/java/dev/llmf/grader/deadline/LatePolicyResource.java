package dev.llmf.grader.deadline;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.course.CourseAccess;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.schedule.ScheduleService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The course's late penalty; staff read it, instructors set it. */
@Path("/api/instructor/late-policy")
@Produces(MediaType.APPLICATION_JSON)
public class LatePolicyResource {

    @Inject
    CourseAccess access;

    @Inject
    ScheduleService schedule;

    @GET
    @Operation(summary = "The course's late penalty")
    public Views.LatePolicyView get() {
        return view(schedule.latePolicy(access.staff()));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the late penalty: {\"policy\": \"NONE\"}, {\"policy\": \"PER_DAY\", \"percentPerDay\": 10}"
            + " or {\"policy\": \"FACTOR\", \"factor\": 0.8}; applies to submissions made from now on")
    public Views.LatePolicyView put(Views.LatePolicyView request) {
        Member instructor = access.instructor();
        if (request == null) {
            throw ApiException.badRequest("send {\"policy\": \"NONE\" | \"PER_DAY\" | \"FACTOR\", \"percentPerDay\": …, \"factor\": …}");
        }
        LatePolicy policy = LatePolicy.checked(request.policy(), request.percentPerDay(), request.factor());
        return view(schedule.setLatePolicy(instructor, policy));
    }

    static Views.LatePolicyView view(LatePolicy p) {
        return new Views.LatePolicyView(p.policy().name(), p.percentPerDay(), p.factor(), p.describe());
    }
}
