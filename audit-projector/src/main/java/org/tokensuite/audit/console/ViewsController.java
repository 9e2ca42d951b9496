package org.tokensuite.audit.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tokensuite.audit.settings.ConsoleProperties;
import org.tokensuite.audit.views.ConsoleView;
import org.tokensuite.audit.views.ConsoleViews;
import org.tokensuite.audit.web.Params;

import java.util.List;

/** Console views: who looked at what here (the record GET /v1/audit/console-views serves), oldest first. */
@Hidden
@Controller
public class ViewsController {

    private final ConsoleViews views;
    private final ConsoleProperties properties;

    public ViewsController(ConsoleViews views, ConsoleProperties properties) {
        this.views = views;
        this.properties = properties;
    }

    @GetMapping("/console/views")
    public String views(@RequestParam(required = false) String viewer, @RequestParam(required = false) String cursor,
                        Model model) {
        String owner = Params.ownerId(viewer == null ? null : viewer.trim());
        int pageSize = properties.pageSize();
        List<ConsoleView> page = views.page(Params.cursor(cursor), pageSize + 1, owner);
        String next = null;
        if (page.size() > pageSize) {
            page = page.subList(0, pageSize);
            next = "/console/views?cursor=" + page.get(pageSize - 1).id() + (owner == null ? "" : "&viewer=" + owner);
        }
        model.addAttribute("views", page);
        model.addAttribute("viewerFilter", owner == null ? "" : owner);
        model.addAttribute("nextPage", next);
        return "console/views";
    }
}
