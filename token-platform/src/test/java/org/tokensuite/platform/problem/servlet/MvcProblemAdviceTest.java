package org.tokensuite.platform.problem.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What every MVC service answers for the failures Spring MVC raises itself (MockMvc standalone). */
class MvcProblemAdviceTest {

    private static final String TYPES = "https://tokensuite.org/problems/";

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Endpoints())
            .setControllerAdvice(new MvcProblemAdvice(new ErrorDocuments(List.of(new Legacy()), new ObjectMapper())))
            .build();

    @Test
    void aMalformedBodyIsAnInvalidRequestThatDoesNotQuoteIt() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("tok_secret"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(TYPES + "invalid-request"))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.detail").value("the body is not well-formed JSON"));
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"tok_secret"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("field 'name' could not be read"));
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"count\": \"tok_secret\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("field 'count' has the wrong type (expected a number)"))
                .andExpect(content().string(not(containsString("tok_secret"))));
    }

    @Test
    void aBodyOfTheWrongMediaTypeIs415UnsupportedMediaType() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.TEXT_PLAIN).content("tok_secret"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value(TYPES + "unsupported-media-type"))
                .andExpect(jsonPath("$.status").value(415));
    }

    @Test
    void anAcceptNothingHereMatchesIs406NotAcceptable() throws Exception {
        mvc.perform(get("/things").accept(MediaType.IMAGE_PNG))
                .andExpect(status().isNotAcceptable())
                .andExpect(jsonPath("$.type").value(TYPES + "not-acceptable"));
    }

    @Test
    void aMethodTheResourceDoesNotHaveIs405WithItsAllowHeader() throws Exception {
        mvc.perform(delete("/things"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().exists("Allow"))
                .andExpect(jsonPath("$.type").value(TYPES + "method-not-allowed"));
    }

    @Test
    void aMissingOrMistypedParameterIsAnInvalidRequestNamingOnlyTheParameter() throws Exception {
        mvc.perform(get("/count"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPES + "invalid-request"))
                .andExpect(jsonPath("$.detail").value("the parameter 'days' is required"));
        mvc.perform(get("/count").param("days", "tok_secret"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("'days' has the wrong type"));
    }

    @Test
    void anUnexpectedFailureIsA500InternalThatSaysNothingOfIt() throws Exception {
        mvc.perform(get("/fail"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(TYPES + "internal"))
                .andExpect(jsonPath("$.detail").value("the request could not be handled"))
                .andExpect(content().string(not(containsString("tok_secret"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))));
    }

    @Test
    void aFormatTheServiceDeclaresShapesTheErrorsOnItsPaths() throws Exception {
        mvc.perform(delete("/legacy/things"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType("application/vnd.legacy+json"))
                .andExpect(jsonPath("$.error").value(405))
                .andExpect(jsonPath("$.type").doesNotExist());
    }

    record Thing(String name, int count) {
    }

    @RestController
    static class Endpoints {

        @GetMapping(value = "/things", produces = MediaType.APPLICATION_JSON_VALUE)
        List<Thing> things() {
            return List.of();
        }

        @PostMapping(value = "/things", consumes = MediaType.APPLICATION_JSON_VALUE)
        Thing add(@RequestBody Thing thing) {
            return thing;
        }

        @GetMapping("/count")
        int count(@RequestParam int days) {
            return days;
        }

        @GetMapping("/fail")
        String fail() {
            throw new IllegalStateException("cannot handle tok_secret");
        }

        @GetMapping("/legacy/things")
        List<Thing> legacy() {
            return List.of();
        }
    }

    /** A protocol of its own on /legacy/: a different shape, same status. */
    static class Legacy implements ErrorFormat {

        @Override
        public boolean appliesTo(String path) {
            return path.startsWith("/legacy/");
        }

        @Override
        public MediaType mediaType() {
            return MediaType.parseMediaType("application/vnd.legacy+json");
        }

        @Override
        public Object document(ProblemDetail problem) {
            return Map.of("error", problem.getStatus(), "message", problem.getDetail());
        }
    }
}
