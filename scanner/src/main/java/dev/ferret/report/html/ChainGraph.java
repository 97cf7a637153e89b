package dev.ferret.report.html;

import dev.ferret.model.Finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chain laid out as a left-to-right graph: persistence entries → files → processes → connections.
 * Coordinates only; the template draws the SVG and escapes every label.
 */
public final class ChainGraph {
    static final int COLUMN_WIDTH = 230;
    static final int NODE_WIDTH = 200;
    static final int NODE_HEIGHT = 30;
    static final int ROW_HEIGHT = 40;
    static final int LABEL_CHARS = 26;
    static final int MAX_PER_COLUMN = 8;

    /** A box: its kind (persistence, file, process, connection), label shown, full text in its tooltip. */
    public record Node(String kind, String label, String title, int x, int y) {
        public int textX() {
            return x + 8;
        }

        public int textY() {
            return y + 19;
        }

        public int right() {
            return x + NODE_WIDTH;
        }

        public int middle() {
            return y + NODE_HEIGHT / 2;
        }
    }

    /** A line from one column's node to the next column's. */
    public record Edge(int x1, int y1, int x2, int y2) {
    }

    private static final String[] KINDS = {"persistence", "file", "process", "connection"};
    private final List<Node> nodes;
    private final List<Edge> edges;
    private final int width;
    private final int height;

    private ChainGraph(List<Node> nodes, List<Edge> edges, int width, int height) {
        this.nodes = nodes;
        this.edges = edges;
        this.width = width;
        this.height = height;
    }

    public static ChainGraph of(List<Finding> findings) {
        List<Map<String, String>> columns = new ArrayList<>();
        for (int i = 0; i < KINDS.length; i++) {
            columns.add(new LinkedHashMap<>());
        }
        for (Finding f : findings) {
            if (f.persistence() != null) {
                columns.get(0).putIfAbsent(f.persistence().location(),
                        f.persistence().kind() + " " + f.persistence().location());
                for (String ref : f.persistence().references()) {
                    columns.get(1).putIfAbsent(ref, ref);
                }
            }
            if (f.file() != null) {
                columns.get(1).putIfAbsent(f.file().path(), f.file().path());
            }
            if (f.process() != null) {
                String name = f.process().name() == null ? "" : " " + f.process().name();
                columns.get(2).putIfAbsent("pid " + f.process().pid(), "pid " + f.process().pid() + name);
            }
            if (f.destination() != null) {
                columns.get(3).putIfAbsent(f.destination().toString(), "→ " + f.destination());
            } else if (f.source() != null) {
                columns.get(3).putIfAbsent(f.source().toString(), "← " + f.source());
            }
        }
        List<Node> nodes = new ArrayList<>();
        List<List<Node>> byColumn = new ArrayList<>();
        int x = 10;
        int rows = 1;
        for (int c = 0; c < KINDS.length; c++) {
            List<Node> column = new ArrayList<>();
            int y = 10;
            int shown = 0;
            for (Map.Entry<String, String> e : columns.get(c).entrySet()) {
                if (shown == MAX_PER_COLUMN) {
                    int more = columns.get(c).size() - shown;
                    column.add(new Node(KINDS[c], "… " + more + " more", more + " more not drawn", x, y));
                    break;
                }
                // a persistence box shows where it is (path:line); its kind is in the tooltip
                String label = c == 0 ? e.getKey() : e.getValue();
                column.add(new Node(KINDS[c], shorten(label), e.getValue(), x, y));
                y += ROW_HEIGHT;
                shown++;
            }
            if (!column.isEmpty()) {
                byColumn.add(column);
                nodes.addAll(column);
                rows = Math.max(rows, column.size());
                x += COLUMN_WIDTH;
            }
        }
        List<Edge> edges = new ArrayList<>();
        for (int c = 0; c + 1 < byColumn.size(); c++) {
            for (Node from : byColumn.get(c)) {
                for (Node to : byColumn.get(c + 1)) {
                    edges.add(new Edge(from.right(), from.middle(), to.x(), to.middle()));
                }
            }
        }
        return new ChainGraph(nodes, edges, Math.max(x, 250), 20 + rows * ROW_HEIGHT);
    }

    static String shorten(String text) {
        if (text.length() <= LABEL_CHARS) {
            return text;
        }
        int keep = LABEL_CHARS - 1;
        // keep the end of a path: the file name is what the responder recognises
        return "…" + text.substring(text.length() - keep);
    }

    public List<Node> getNodes() {
        return nodes;
    }

    public List<Edge> getEdges() {
        return edges;
    }

    public int getWidth() {
        return width;
    }

    public int getHeight() {
        return height;
    }
}
