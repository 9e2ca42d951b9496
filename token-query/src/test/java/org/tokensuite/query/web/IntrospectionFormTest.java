package org.tokensuite.query.web;

import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.FormHttpMessageReader;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntrospectionFormTest {

    private static final ResolvableType FORM = ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class, String.class);

    @Test
    void decodesTheFormExactlyAsSpringsFormReaderDid() {
        List<String> bodies = List.of("token=tkn_abc&scope=billing:read", "scope=a%3Ab+c&token=t%2Bk", " token = x & &token=y",
                "token&scope=", "tok%65n=renamed", "", "&&", "token=%C3%A9t%C3%A9", "other=1&token=z&scope=s1&scope=s2");
        FormHttpMessageReader spring = new FormHttpMessageReader();
        for (String body : bodies) {
            MultiValueMap<String, String> expected = spring.readMono(FORM, request(body), Map.of())
                    .blockOptional().orElseGet(LinkedMultiValueMap::new);
            IntrospectionForm form = IntrospectionForm.read(request(body)).block();
            assertThat(form.token()).as(body).isEqualTo(expected.getFirst("token"));
            assertThat(form.scope()).as(body).isEqualTo(expected.getFirst("scope"));
        }
    }

    @Test
    void aBadPercentEscapeIsAnIllegalArgument() {
        assertThatThrownBy(() -> IntrospectionForm.read(request("token=%zz")).block())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBodyOverTheCodecLimitIsRefused() {
        String body = "token=" + "a".repeat(IntrospectionForm.MAX_BYTES);
        assertThatThrownBy(() -> IntrospectionForm.read(request(body)).block())
                .isInstanceOf(DataBufferLimitException.class);
    }

    @Test
    void anotherContentTypeIsAnEmptyForm() {
        MockServerHttpRequest json = MockServerHttpRequest.post("/v1/introspect").contentType(MediaType.APPLICATION_JSON)
                .body("token=x");
        assertThat(IntrospectionForm.read(json).block()).isEqualTo(IntrospectionForm.EMPTY);
    }

    private static MockServerHttpRequest request(String body) {
        return MockServerHttpRequest.post("/v1/introspect").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(body);
    }
}
