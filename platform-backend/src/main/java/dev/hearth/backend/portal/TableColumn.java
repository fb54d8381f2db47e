package dev.hearth.backend.portal;

import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateExtension;
import java.util.Arrays;
import java.util.List;

/**
 * One header cell of the portal's data tables (web-ui's {@code tags/dataTable.html}): every table is
 * that one markup, and a page names its columns in a line, {@code 'Host|Status|CPU?|[Actions]'}.
 *
 * @param optional left out on a narrow screen (a trailing {@code ?})
 * @param hidden named for screen readers only (in {@code [brackets]}), e.g. a column of buttons
 */
@TemplateData
public record TableColumn(String name, boolean optional, boolean hidden) {

    /** {@code {#for c in columns.tableColumns}}: the columns a page wrote as {@code 'A|B?|[C]'}. */
    @TemplateExtension
    static List<TableColumn> tableColumns(String spec) {
        return Arrays.stream(spec.split("\\|")).map(TableColumn::of).toList();
    }

    static TableColumn of(String spec) {
        String name = spec.strip();
        boolean optional = name.endsWith("?");
        if (optional) {
            name = name.substring(0, name.length() - 1);
        }
        boolean hidden = name.startsWith("[") && name.endsWith("]");
        if (hidden) {
            name = name.substring(1, name.length() - 1);
        }
        return new TableColumn(name, optional, hidden);
    }
}
