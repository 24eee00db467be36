package dev.embspace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailDatasetCommandTest {

    @TempDir
    Path tmp;

    private Path folder(String name, int mails) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (int i = 0; i < mails; i++) {
            Files.writeString(dir.resolve(i + ".eml"), "Subject: " + name + " " + i + "\nContent-Type: text/html\n\n<p>body " + i + "</p>\n");
        }
        return dir;
    }

    @Test
    void writesBothFilesAndReportsTheCounts() throws IOException {
        Path ham = folder("ham", 10);
        Path spam = folder("spam", 5);
        Cli.Result r = Cli.run("mail-dataset", "--quiet", "--format", "json", "--folder", "ham=" + ham, "--folder", "spam=" + spam,
                "--glob", "*.eml", "--train", tmp.resolve("train.jsonl").toString(), "--test", tmp.resolve("test.jsonl").toString());
        assertEquals(0, r.code(), r::toString);
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertEquals(15, json.get("mails").asInt());
        assertEquals(12, json.get("train").asInt());
        assertEquals(3, json.get("test").asInt());
        assertEquals(10, json.get("labels").get("ham").asInt());
        assertTrue(Files.readString(tmp.resolve("test.jsonl")).contains("\"label\":\"spam\""));
    }

    @Test
    void aFolderWithoutALabelIsAUsageErrorAndAMissingOneBadInput() {
        Cli.Result usage = Cli.run("mail-dataset", "--folder", tmp.toString(), "--train", "a", "--test", "b");
        assertEquals(2, usage.code(), usage::toString);
        assertTrue(usage.err().startsWith("embspace: --folder expects LABEL=DIR"), usage::toString);
        Path missing = tmp.resolve("missing");
        Cli.Result bad = Cli.run("mail-dataset", "--folder", "spam=" + missing, "--train", "a", "--test", "b");
        assertEquals(3, bad.code(), bad::toString);
        assertEquals("embspace: " + missing + ": not a directory of mails", bad.err().strip());
    }
}
