package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No function jar carries native code: a library built for one instruction set would fail, or
 * silently fall back, on the other, and the Architecture parameter must be free to switch. Found by
 * name (shared-library suffixes, the {@code META-INF/native/} folder Netty and others unpack from,
 * native transports) and by content (the first bytes of an ELF, Mach-O or PE file), so a library
 * under an unexpected name is caught too.
 */
class PureJavaJarsTest {

  private static final List<String> NATIVE_SUFFIXES =
      List.of(".so", ".dll", ".dylib", ".jnilib", ".a");

  /** Where libraries ship native code for one platform at a time. */
  private static final List<String> NATIVE_FOLDERS =
      List.of(
          "META-INF/native/",
          "io/netty/channel/epoll/",
          "io/netty/channel/kqueue/",
          "io/netty/incubator/channel/uring/",
          "linux-x86_64/",
          "linux-aarch64/",
          "linux-x86-64/",
          "linux-arm64/");

  private static final List<String> NATIVE_MAGIC =
      List.of(
          "7f454c46", // ELF (Linux .so)
          "feedface", // Mach-O 32-bit
          "feedfacf", // Mach-O 64-bit
          "cefaedfe", // Mach-O 32-bit, little-endian
          "cffaedfe"); // Mach-O 64-bit, little-endian

  @Test
  void noFunctionJarCarriesNativeCode() throws IOException {
    List<String> found = new ArrayList<>();
    for (String function : Templates.theTemplate().resourcesOfType("AWS::Serverless::Function")) {
      Path jar = Templates.deployedJar(function);
      Assumptions.assumeTrue(
          Files.isRegularFile(jar), jar + " is not built yet: run `make test` (mvn verify)");
      try (JarFile file = new JarFile(jar.toFile())) {
        for (JarEntry entry : file.stream().toList()) {
          if (!entry.isDirectory() && isNative(file, entry)) {
            found.add(jar.getFileName() + "!/" + entry.getName());
          }
        }
      }
    }
    assertEquals(List.of(), found, "native code ties a function to one architecture");
  }

  private static boolean isNative(JarFile jar, JarEntry entry) throws IOException {
    String name = entry.getName();
    String lower = name.toLowerCase(Locale.ROOT);
    if (NATIVE_FOLDERS.stream().anyMatch(name::contains)) {
      return true;
    }
    String last = lower.substring(lower.lastIndexOf('/') + 1);
    if (NATIVE_SUFFIXES.stream().anyMatch(last::endsWith) || last.matches(".*\\.so\\.\\d+.*")) {
      return true;
    }
    if (lower.endsWith(".class")) {
      return false; // 0xcafebabe: a class file, never native code (and Mach-O's fat header too)
    }
    try (InputStream in = jar.getInputStream(entry)) {
      byte[] head = in.readNBytes(4);
      String magic = HexFormat.of().formatHex(head);
      return NATIVE_MAGIC.contains(magic)
          || (head.length >= 2 && head[0] == 'M' && head[1] == 'Z' && isPe(jar, entry));
    }
  }

  /** A Windows executable or DLL: "MZ", then the PE header the DOS header points at. */
  private static boolean isPe(JarFile jar, JarEntry entry) throws IOException {
    try (InputStream in = jar.getInputStream(entry)) {
      byte[] header = in.readNBytes(4096);
      if (header.length < 0x40) {
        return false;
      }
      int offset =
          (header[0x3c] & 0xff)
              | (header[0x3d] & 0xff) << 8
              | (header[0x3e] & 0xff) << 16
              | (header[0x3f] & 0xff) << 24;
      return offset > 0
          && offset + 4 <= header.length
          && Arrays.equals(
              Arrays.copyOfRange(header, offset, offset + 4), new byte[] {'P', 'E', 0, 0});
    }
  }
}
