package dev.hearth.backend.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableColumnTest {

    @Test
    void aPageNamesItsColumnsInOneLine() {
        assertThat(TableColumn.tableColumns("Host|Last heartbeat?|[Actions]")).containsExactly(
                new TableColumn("Host", false, false),
                new TableColumn("Last heartbeat", true, false),
                new TableColumn("Actions", false, true));
    }
}
