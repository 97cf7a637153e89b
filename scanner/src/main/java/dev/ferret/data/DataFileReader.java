package dev.ferret.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the line-oriented data files that community IOC sets use: '#' comments, blank lines ignored,
 * and the last comment block kept as the description of the entries that follow it.
 */
public final class DataFileReader {
    private DataFileReader() {
    }

    /** A user's file: regular files only, read without blocking ({@link UserFiles}). */
    public static List<DataLine> read(Path file) throws IOException {
        return read(new java.io.ByteArrayInputStream(UserFiles.read(file)), file.toString());
    }

    public static List<DataLine> readResource(String resource) {
        try (InputStream in = DataFileReader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("signature resource missing from the build: " + resource);
            }
            return read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<DataLine> read(InputStream in, String source) throws IOException {
        List<DataLine> lines = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String comment = "";
        boolean lastWasComment = false;
        int number = 0;
        for (String raw; (raw = reader.readLine()) != null; ) {
            number++;
            String line = raw.strip();
            if (line.isEmpty()) {
                lastWasComment = false;
                continue;
            }
            if (line.startsWith("#")) {
                String text = line.substring(1).strip();
                comment = lastWasComment ? (comment + " " + text).strip() : text;
                lastWasComment = true;
                continue;
            }
            lastWasComment = false;
            lines.add(new DataLine(source, number, line, comment));
        }
        return lines;
    }
}
