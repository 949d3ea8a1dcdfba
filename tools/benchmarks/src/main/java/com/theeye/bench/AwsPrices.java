package com.theeye.bench;

/**
 * The list prices the cost and memory tables use: US East (N. Virginia), USD, without free tiers,
 * at the volume The Eye's assumptions reach (under 300 M API requests and 6 B GB-seconds a month).
 * Read on {@link #READ_ON}; where each figure comes from is next to it and in docs/PERFORMANCE.md.
 * AWS's pricing pages render their tables in the browser, so the figures were read from public
 * transcriptions of them, as noted: verify before relying on them.
 */
final class AwsPrices {

  static final String REGION = "us-east-1";

  /** When these were last read (through the search tool; no AWS account is used here). */
  static final String READ_ON = "2026-12-07";

  /**
   * HTTP API, first 300 million requests a month; a request is metered per 512 KB.
   * aws.amazon.com/api-gateway/pricing (worked example, as transcribed 2026-09-20 by the
   * api-evangelist/amazon-web-services plans file).
   */
  static final double API_GATEWAY_PER_MILLION_REQUESTS = 1.00;

  /** aws.amazon.com/lambda/pricing, as transcribed 2026-09-20 (api-evangelist/aws-lambda). */
  static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;

  /**
   * Lambda duration, first 6 B GB-seconds a month: x86_64 $0.0000166667, arm64 $0.0000133334 (20 %
   * less). aws.amazon.com/lambda/pricing, as artillery's Lambda price table carries it
   * (artilleryio/artillery lib/platform/aws-lambda/prices.js, "base").
   */
  static final double LAMBDA_PER_GB_SECOND_X86_64 = 0.0000166667;

  static final double LAMBDA_PER_GB_SECOND_ARM64 = 0.0000133334;

  /**
   * SQS standard queue; every 64 KB of a request's payload is one request.
   * aws.amazon.com/sqs/pricing: AWS's long-standing published rate for the first 100 billion
   * requests a month, not re-read from the page itself.
   */
  static final double SQS_PER_MILLION_REQUESTS = 0.40;

  static final double SQS_BILLING_CHUNK_BYTES = 64 * 1024;

  /**
   * DynamoDB on demand, after the November 2024 50 % reduction: AWS News Blog "Amazon DynamoDB
   * On-Demand" (updated 2025-01-31); aws.amazon.com/dynamodb/pricing/on-demand.
   */
  static final double DYNAMODB_PER_MILLION_WRITE_REQUEST_UNITS = 0.625;

  static final double DYNAMODB_PER_MILLION_READ_REQUEST_UNITS = 0.125;

  /**
   * DynamoDB provisioned capacity, per unit-hour: $0.00065 a WCU, $0.00013 an RCU.
   * aws.amazon.com/dynamodb/pricing/provisioned: AWS's published us-east-1 rate (unchanged by the
   * 2024 on-demand reduction), as several public summaries quote it; not re-read from the page.
   */
  static final double DYNAMODB_PER_WCU_HOUR = 0.00065;

  static final double DYNAMODB_PER_RCU_HOUR = 0.00013;

  private AwsPrices() {}

  static double lambdaPerGbSecond(String architecture) {
    return switch (architecture) {
      case "arm64" -> LAMBDA_PER_GB_SECOND_ARM64;
      case "x86_64" -> LAMBDA_PER_GB_SECOND_X86_64;
      default -> throw new IllegalArgumentException("no Lambda price for " + architecture);
    };
  }
}
