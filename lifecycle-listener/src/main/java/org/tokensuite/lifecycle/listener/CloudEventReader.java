package org.tokensuite.lifecycle.listener;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.FreeText;
import org.tokensuite.api.value.UserId;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Reads a Kafka record value as a CloudEvents 1.0 structured-mode JSON event, or says why it is poison. */
@Component
public class CloudEventReader {

    private static final Logger log = LoggerFactory.getLogger(CloudEventReader.class);

    // The id ends up in an HTTP header and in token-command's correlation id (at most 200 characters
    // with its "hr:" prefix): visible ASCII only, no spaces, so it can never split a header.
    private static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7E]{1,190}");
    private static final int ID_LIMIT = 190;
    private static final int TYPE_LIMIT = 100;
    private static final int SUBJECT_LIMIT = 128;
    // processed_event.source is VARCHAR(512); a URI-reference naming an HR system is far shorter
    private static final int SOURCE_LIMIT = 512;

    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    public CloudEvent read(byte[] value) throws PoisonEvent {
        if (value == null || value.length == 0) {
            throw new PoisonEvent("record has no value");
        }
        JsonNode root;
        try {
            root = json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new PoisonEvent("value is not valid JSON");
        } catch (IOException e) {
            throw new PoisonEvent("value could not be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new PoisonEvent("value is not a JSON object, so not a structured-mode CloudEvent");
        }
        String specversion = requiredString(root, "specversion");
        if (!"1.0".equals(specversion)) {
            throw new PoisonEvent("specversion is not 1.0; only CloudEvents 1.0 is understood");
        }
        // Every attribute that is recorded (processed_event, the command's reason and correlation id)
        // keeps the suite's free-text rule first, so the reason names the attribute and the fault.
        String id = freeText("id", requiredString(root, "id"), ID_LIMIT);
        if (!EVENT_ID.matcher(id).matches()) {
            throw new PoisonEvent("id must be 1-190 visible ASCII characters without spaces");
        }
        String source = freeText("source", requiredString(root, "source"), SOURCE_LIMIT);
        String type = freeText("type", requiredString(root, "type"), TYPE_LIMIT);
        JsonNode subjectNode = root.get("subject");
        if (subjectNode == null || subjectNode.isNull()) {
            throw new PoisonEvent("subject (the employee id) is missing");
        }
        if (subjectNode.isTextual()) {
            freeText("subject", subjectNode.asText(), SUBJECT_LIMIT);
        }
        if (!subjectNode.isTextual() || !UserId.isValid(subjectNode.asText())) {
            throw new PoisonEvent("subject is not a valid employee id (1-128 letters, digits, '.', '_', '@' or '-')");
        }
        return new CloudEvent(id, source, type, new UserId(subjectNode.asText()), time(root, id));
    }

    private static String freeText(String attribute, String value, int maxLength) throws PoisonEvent {
        String problem = FreeText.problem(attribute, value, maxLength);
        if (problem != null) {
            throw new PoisonEvent(problem);
        }
        return value;
    }

    private static String requiredString(JsonNode root, String attribute) throws PoisonEvent {
        JsonNode node = root.get(attribute);
        if (node == null || node.isNull()) {
            throw new PoisonEvent("required CloudEvents attribute '" + attribute + "' is missing");
        }
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new PoisonEvent("CloudEvents attribute '" + attribute + "' must be a non-empty string");
        }
        return node.asText();
    }

    // time is optional in CloudEvents and only feeds the lag metric: an unreadable time must not
    // keep a leaver's tokens alive, so the event is still applied.
    private static Instant time(JsonNode root, String id) {
        JsonNode node = root.get("time");
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            log.warn("HR event {} has a time that is not RFC 3339; applying it without a lag measurement", id);
            return null;
        }
    }
}
