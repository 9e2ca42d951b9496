package org.tokensuite.audit.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.tokensuite.audit.projection.AuditEntry;
import org.tokensuite.audit.projection.AuditEntryReader;
import org.tokensuite.audit.projection.EntryFilter;
import org.tokensuite.audit.usage.LastUses;
import org.tokensuite.audit.web.Params;

import java.util.List;

/** One token's timeline: its entries in chain order (actor, reason, correlation id) and its last use. */
@Hidden
@Controller
public class TimelineController {

    /** More than any token's history in practice; the page says when it was cut. */
    static final int MAX_ENTRIES = 1000;

    private final AuditEntryReader reader;
    private final LastUses lastUses;

    public TimelineController(AuditEntryReader reader, LastUses lastUses) {
        this.reader = reader;
        this.lastUses = lastUses;
    }

    @GetMapping("/console/tokens/{tokenId}")
    public String timeline(@PathVariable String tokenId, Model model) {
        String id = Params.tokenId(tokenId);
        List<AuditEntry> entries = reader.page(new EntryFilter(id, null, null, null, null), 0, MAX_ENTRIES + 1);
        boolean cut = entries.size() > MAX_ENTRIES;
        model.addAttribute("tokenId", id);
        model.addAttribute("entries", cut ? entries.subList(0, MAX_ENTRIES) : entries);
        model.addAttribute("cut", cut);
        model.addAttribute("lastUse", lastUses.of(List.of(id)).get(id));
        model.addAttribute("ownerId", entries.stream().map(AuditEntry::ownerId).filter(o -> o != null).findFirst().orElse(null));
        return "console/timeline";
    }
}
