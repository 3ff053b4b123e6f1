package dev.parley.it.erasure;

import dev.parley.it.support.Parley;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a text is found in the product's database: every character, text and JSON column of every table
 * (information_schema), so a table or column added later is searched too.
 */
final class PersonalData {

    private PersonalData() {}

    /** {@code table.column: datum} for each column holding one of the data, in any row. */
    static List<String> foundAnywhere(Parley parley, List<String> data) {
        List<String> found = new ArrayList<>();
        for (List<Object> column : parley.rows("select table_name, column_name from information_schema.columns"
                + " where table_schema = current_schema()"
                + " and data_type in ('character varying', 'character', 'text', 'json', 'jsonb')"
                + " order by table_name, column_name")) {
            String table = (String) column.get(0);
            String name = (String) column.get(1);
            for (String datum : data) {
                long rows = parley.count(
                        "select count(*) from \"" + table + "\" where strpos(cast(\"" + name + "\" as text), ?) > 0",
                        datum);
                if (rows > 0) {
                    found.add(table + "." + name + ": " + datum + " (" + rows + " rows)");
                }
            }
        }
        return found;
    }

    /** How many text columns the scan reads: a guard that it read the schema at all. */
    static long textColumns(Parley parley) {
        return parley.count("select count(*) from information_schema.columns where table_schema = current_schema()"
                + " and data_type in ('character varying', 'character', 'text', 'json', 'jsonb')");
    }
}
