package com.theeye.bench;

/**
 * A Lambda function's duration and price at a memory size, the Lambda Power Tuning way but from
 * local measurements: the time the function waits on other services does not depend on its memory;
 * its CPU time stretches by the share of a vCPU the memory buys. Lambda allocates CPU in proportion
 * to memory, one vCPU at 1,769 MB ("Configure Lambda function memory", Lambda Developer Guide,
 * docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html); below that a function gets that
 * fraction of one. Above it, only code with several busy threads gets faster, which no size here
 * reaches.
 */
record LambdaModel(String architecture) {

  static final int ONE_VCPU_MB = 1769;

  /** The memory sizes the memory table compares. */
  static final int[] SIZES = {256, 512, 1024, 1769};

  /** The share of one vCPU a function of {@code memoryMb} gets, at most one. */
  static double vcpuShare(int memoryMb) {
    return Math.min(1.0, memoryMb / (double) ONE_VCPU_MB);
  }

  /** Duration of an invocation that waits {@code waitMs} and computes {@code cpuMs} on one vCPU. */
  static double millis(double waitMs, double cpuMs, int memoryMb) {
    return waitMs + cpuMs / vcpuShare(memoryMb);
  }

  /** What {@code invocations} of {@code ms} each cost: requests plus GB-seconds in 1 ms steps. */
  double cost(double invocations, double ms, int memoryMb) {
    double gbSeconds = invocations * Math.ceil(ms) / 1000 * memoryMb / 1024.0;
    return invocations / 1e6 * AwsPrices.LAMBDA_PER_MILLION_REQUESTS
        + gbSeconds * AwsPrices.lambdaPerGbSecond(architecture);
  }
}
