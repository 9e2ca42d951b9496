package org.tokensuite.audit.web;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

import java.util.Comparator;
import java.util.List;

/** How /v1/audit/events answers, chosen from the Accept header: a JSON page, or a streamed CSV or NDJSON export. */
enum ExportFormat {
    JSON(MediaType.APPLICATION_JSON),
    CSV(MediaType.parseMediaType("text/csv")),
    NDJSON(MediaType.parseMediaType("application/x-ndjson"));

    final MediaType mediaType;

    ExportFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    static ExportFormat fromAccept(String accept) throws HttpMediaTypeNotAcceptableException {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        List<MediaType> wanted;
        try {
            wanted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new InvalidRequest("the Accept header cannot be parsed");
        }
        // Highest quality first; among equals, the client's order (so */* alone means JSON).
        wanted = wanted.stream().sorted(Comparator.comparingDouble(MediaType::getQualityValue).reversed()).toList();
        for (MediaType type : wanted) {
            if (type.getQualityValue() == 0) {
                continue;
            }
            for (ExportFormat format : values()) {
                if (type.includes(format.mediaType)) {
                    return format;
                }
            }
        }
        throw new HttpMediaTypeNotAcceptableException(List.of(JSON.mediaType, CSV.mediaType, NDJSON.mediaType));
    }
}
