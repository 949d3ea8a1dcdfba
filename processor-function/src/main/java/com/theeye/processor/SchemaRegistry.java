package com.theeye.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.everit.json.schema.Schema;
import org.everit.json.schema.SchemaException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * The JSON Schemas of the known event types, read from the {@code schemas/} folder and compiled
 * once, at init, so no event waits for a file read or a compile. See {@code schemas/README.md} for
 * the file name rule.
 */
public final class SchemaRegistry {

  static final String FOLDER = "schemas";

  private final Map<String, EventSchema> byFile;

  private SchemaRegistry(Map<String, EventSchema> byFile) {
    this.byFile = Map.copyOf(byFile);
  }

  /**
   * The schemas packaged with the function: a folder on the classpath, or a folder inside the jar.
   */
  public static SchemaRegistry fromClasspath(ClassLoader loader) {
    URL folder = loader.getResource(FOLDER);
    if (folder == null) {
      throw new IllegalStateException(
          "no " + FOLDER + "/ folder on the classpath: the jar was built without schemas");
    }
    URI uri;
    try {
      uri = folder.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot read the schemas folder at " + folder, e);
    }
    if (!"jar".equals(uri.getScheme())) {
      return fromFolder(Path.of(uri));
    }
    try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
      return fromFolder(jar.getPath(FOLDER));
    } catch (FileSystemAlreadyExistsException e) {
      // Someone else in this JVM opened the jar as a file system; theirs to close.
      return fromFolder(FileSystems.getFileSystem(uri).getPath(FOLDER));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the jar holding " + uri, e);
    }
  }

  /** Every {@code <category>/<name>.json} under {@code root}. */
  public static SchemaRegistry fromFolder(Path root) {
    Map<String, EventSchema> byFile = new HashMap<>();
    List<Path> files;
    try (Stream<Path> paths = Files.walk(root)) {
      files = paths.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".json")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the schemas in " + root, e);
    }
    for (Path path : files) {
      String file =
          root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
      byFile.put(file, new EventSchema(compile(path, file)));
    }
    return new SchemaRegistry(byFile);
  }

  /** The schema of events of this type, or empty when the type is unknown. */
  Optional<EventSchema> find(String category, String name) {
    return Optional.ofNullable(byFile.get(fileOf(category, name)));
  }

  /** The schema files known, relative to {@code schemas/}. */
  public Set<String> files() {
    return byFile.keySet();
  }

  /**
   * Where the schema of a type lives, relative to {@code schemas/}: {@code
   * slug(category)/slug(name).json}.
   */
  static String fileOf(String category, String name) {
    return slug(category) + "/" + slug(name) + ".json";
  }

  static String slug(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }

  private static Schema compile(Path path, String file) {
    try {
      JSONObject json = new JSONObject(Files.readString(path, StandardCharsets.UTF_8));
      return SchemaLoader.builder().draftV7Support().schemaJson(json).build().load().build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + file, e);
    } catch (JSONException | SchemaException e) {
      throw new IllegalStateException(
          "schema " + file + " is not a valid JSON Schema: " + e.getMessage(), e);
    }
  }
}
