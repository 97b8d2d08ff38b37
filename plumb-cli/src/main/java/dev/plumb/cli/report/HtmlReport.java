package dev.plumb.cli.report;

import dev.plumb.train.RunRecord;

/** Renders a run record as one self-contained HTML page (no network requests). */
public final class HtmlReport {

    private HtmlReport() {
    }

    public static String render(RunRecord record) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Plumb run</title></head><body>");
        sb.append("<h1>Plumb run: ").append(escape(record.dataset())).append("</h1><pre>").append(escape(record.toJson())).append("</pre></body></html>");
        return sb.toString();
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
