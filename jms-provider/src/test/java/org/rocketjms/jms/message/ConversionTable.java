package org.rocketjms.jms.message;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Jakarta Messaging conversion tables as test data: for each written type a sample value and what each typed
 * read must return; cells that are absent must throw MessageFormatException. Properties use the rows and columns
 * without char and byte[] (section 3.5.4); map and stream use all of them (section 3.11.3).
 */
final class ConversionTable {
    /** A typed read. */
    enum Col { BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, STRING, BYTES }

    /** A written type: its sample value and the legal reads with their expected results. */
    record Row(String type, Object value, Map<Col, Object> legal) {
        @Override
        public String toString() {
            return type;
        }
    }

    /** One cell of the table. */
    record Cell(Row row, Col col) {
        boolean legal() {
            return row.legal().containsKey(col);
        }

        Object expected() {
            return row.legal().get(col);
        }

        @Override
        public String toString() {
            return row.type() + " -> " + col + (legal() ? " (legal)" : " (MessageFormatException)");
        }
    }

    static final List<Row> ROWS = List.of(
            row("boolean", true, Col.BOOLEAN, true, Col.STRING, "true"),
            row("byte", (byte) 7, Col.BYTE, (byte) 7, Col.SHORT, (short) 7, Col.INT, 7, Col.LONG, 7L,
                    Col.STRING, "7"),
            row("short", (short) 300, Col.SHORT, (short) 300, Col.INT, 300, Col.LONG, 300L, Col.STRING, "300"),
            row("char", 'x', Col.CHAR, 'x', Col.STRING, "x"),
            row("int", 70000, Col.INT, 70000, Col.LONG, 70000L, Col.STRING, "70000"),
            row("long", 5_000_000_000L, Col.LONG, 5_000_000_000L, Col.STRING, "5000000000"),
            row("float", 1.5f, Col.FLOAT, 1.5f, Col.DOUBLE, 1.5d, Col.STRING, "1.5"),
            row("double", 2.25d, Col.DOUBLE, 2.25d, Col.STRING, "2.25"),
            row("String", "12", Col.BOOLEAN, false, Col.BYTE, (byte) 12, Col.SHORT, (short) 12, Col.INT, 12,
                    Col.LONG, 12L, Col.FLOAT, 12f, Col.DOUBLE, 12d, Col.STRING, "12"),
            row("byte[]", new byte[] {1, 2, 3}, Col.BYTES, new byte[] {1, 2, 3}));

    private ConversionTable() {
    }

    private static Row row(String type, Object value, Object... pairs) {
        Map<Col, Object> legal = new EnumMap<>(Col.class);
        for (int i = 0; i < pairs.length; i += 2) {
            legal.put((Col) pairs[i], pairs[i + 1]);
        }
        return new Row(type, value, legal);
    }

    /** Every cell of the full table (map and stream). */
    static List<Cell> allCells() {
        List<Cell> cells = new ArrayList<>();
        for (Row r : ROWS) {
            for (Col c : Col.values()) {
                cells.add(new Cell(r, c));
            }
        }
        return cells;
    }

    /** The cells of the property table: no char or byte[] rows or columns. */
    static List<Cell> propertyCells() {
        List<Cell> cells = new ArrayList<>();
        for (Row r : ROWS) {
            if (r.value() instanceof Character || r.value() instanceof byte[]) {
                continue;
            }
            for (Col c : Col.values()) {
                if (c != Col.CHAR && c != Col.BYTES) {
                    cells.add(new Cell(r, c));
                }
            }
        }
        return cells;
    }

    static void assertSame(Object expected, Object actual) {
        if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) actual);
        } else {
            assertEquals(expected, actual);
        }
    }
}
