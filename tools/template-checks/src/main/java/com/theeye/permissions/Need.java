package com.theeye.permissions;

/**
 * What one recorded call needs IAM to allow: an action on a resource.
 *
 * @param action e.g. {@code dynamodb:UpdateItem}
 * @param resource the resource's ARN in the stand-in account ({@link DeployedNames}), or {@code *}
 * @param label the resource as a report names it: a logical id, with {@code /index/<name>} for an
 *     index
 * @param recorded the name the call used (a table name, a queue URL, a secret id)
 */
record Need(String action, String resource, String label, String recorded) {}
