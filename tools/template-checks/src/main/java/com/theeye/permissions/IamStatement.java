package com.theeye.permissions;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a role's policies, its resources already evaluated to ARNs ({@link
 * DeployedNames}).
 *
 * @param origin where it comes from: an inline policy of the role (with its {@code Sid}), or a
 *     managed policy by name
 * @param allow {@code Effect: Allow}; otherwise Deny
 * @param actions the {@code Action} element, or the {@code NotAction} one when {@code notAction}
 * @param resources the {@code Resource} element as ARNs, or {@code NotResource} when {@code
 *     notResource}
 * @param resourceLabels each resource as a report shows it (a logical id, or the literal)
 * @param grantedFor for a managed policy SAM attached on its own: what it is for (the function's
 *     logs, X-Ray, the SQS event source); empty for what the template asks for
 */
record IamStatement(
    String origin,
    boolean allow,
    List<String> actions,
    boolean notAction,
    List<String> resources,
    List<String> resourceLabels,
    boolean notResource,
    String grantedFor) {

  IamStatement {
    Objects.requireNonNull(origin, "origin");
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    resourceLabels = List.copyOf(resourceLabels);
    Objects.requireNonNull(grantedFor, "grantedFor");
    if (resources.size() != resourceLabels.size()) {
      throw new IllegalArgumentException("one label per resource, in " + origin);
    }
  }

  /** Whether this statement speaks of {@code action} on {@code resource}. */
  boolean covers(String action, String resource) {
    boolean actionListed = actions.stream().anyMatch(a -> IamPatterns.actionMatches(a, action));
    boolean resourceListed =
        resources.stream().anyMatch(r -> IamPatterns.resourceMatches(r, resource));
    return actionListed != notAction && resourceListed != notResource;
  }

  /** This statement without {@code action} in its Action list (for the removal proof). */
  IamStatement without(String action) {
    return new IamStatement(
        origin,
        allow,
        actions.stream().filter(a -> !a.equalsIgnoreCase(action)).toList(),
        notAction,
        resources,
        resourceLabels,
        notResource,
        grantedFor);
  }

  boolean fromThePlatform() {
    return !grantedFor.isEmpty();
  }
}
