package dev.embspace.io.model;

/**
 * A built-in model name and the Maven artifact that carries its ONNX export and tokenizer.
 *
 * @param name        what users type ("minilm-l6")
 * @param description one line for help texts
 */
public record ModelAlias(String name, String groupId, String artifactId, String version, String description) {

    /** groupId:artifactId:version, as Maven's dependency:get takes it. */
    public String coordinates() {
        return groupId + ":" + artifactId + ":" + version;
    }

    /** The jar's file name in a Maven repository. */
    public String jarName() {
        return artifactId + "-" + version + ".jar";
    }
}
