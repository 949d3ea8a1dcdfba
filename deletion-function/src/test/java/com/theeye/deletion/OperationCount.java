package com.theeye.deletion;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts a client's calls of one operation (e.g. {@code BatchWriteItem}) as they are made. */
final class OperationCount implements ExecutionInterceptor {

  private final String operation;
  private final AtomicInteger count = new AtomicInteger();

  OperationCount(String operation) {
    this.operation = operation;
  }

  int count() {
    return count.get();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
      count.incrementAndGet();
    }
  }
}
