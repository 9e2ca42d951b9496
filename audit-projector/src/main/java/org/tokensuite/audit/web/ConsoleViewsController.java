package org.tokensuite.audit.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.audit.settings.AuditProperties;
import org.tokensuite.audit.views.ConsoleView;
import org.tokensuite.audit.views.ConsoleViews;

import java.util.List;

/** GET /v1/audit/console-views: who looked at what in the auditors' console, oldest first, a page at a time. */
@Tag(name = "audit log")
@RestController
public class ConsoleViewsController {

    private final ConsoleViews views;
    private final AuditProperties properties;

    public ConsoleViewsController(ConsoleViews views, AuditProperties properties) {
        this.views = views;
        this.properties = properties;
    }

    @Operation(operationId = "consoleViews", summary = "Who looked at what in the auditors' console",
            description = "Every console page view, export, sign-in and sign-out, oldest first, optionally of one viewer "
                    + "(the signed-in token's owner id). Pass nextCursor back as cursor for the next page.")
    @GetMapping("/v1/audit/console-views")
    public ViewsPage consoleViews(@RequestParam(required = false) String viewer,
                                  @RequestParam(required = false) String cursor,
                                  @RequestParam(required = false) String limit) {
        String owner = Params.ownerId(viewer);
        long after = Params.cursor(cursor);
        Integer asked = Params.limit(limit, properties.pageLimitMax());
        int pageSize = asked != null ? asked : properties.pageLimitDefault();
        List<ConsoleView> page = views.page(after, pageSize + 1, owner);
        String next = null;
        if (page.size() > pageSize) {
            page = page.subList(0, pageSize);
            next = Long.toString(page.get(pageSize - 1).id());
        }
        return new ViewsPage(page, next);
    }

    /** {@code nextCursor} is null on the last page. */
    public record ViewsPage(List<ConsoleView> views, String nextCursor) {
    }
}
