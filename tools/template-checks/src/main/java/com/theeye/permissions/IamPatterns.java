package com.theeye.permissions;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * IAM's matching of an action or resource against a policy's element: {@code *} stands for any run
 * of characters and {@code ?} for one; actions compare without regard to case, resources (ARNs)
 * with it. See the IAM User Guide, "IAM JSON policy elements: Action" and "Resource".
 */
final class IamPatterns {

  private IamPatterns() {}

  static boolean actionMatches(String pattern, String action) {
    return glob(pattern.toLowerCase(Locale.ROOT))
        .matcher(action.toLowerCase(Locale.ROOT))
        .matches();
  }

  static boolean resourceMatches(String pattern, String resource) {
    return glob(pattern).matcher(resource).matches();
  }

  static boolean isPattern(String element) {
    return element.contains("*") || element.contains("?");
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
