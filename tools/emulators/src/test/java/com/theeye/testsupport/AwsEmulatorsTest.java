package com.theeye.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.theeye.emulators.FreePorts;
import com.theeye.store.ApplicationItems;
import com.theeye.store.TableNames;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(AwsEmulators.class)
class AwsEmulatorsTest {

  @Test
  void queueDeliversWhatWasSent(AwsTestEnvironment aws) {
    String queueUrl = aws.createQueue("smoke");

    aws.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("hello"));

    List<Message> received = aws.receive(queueUrl, 1, Duration.ofSeconds(5));
    assertEquals(List.of("hello"), received.stream().map(Message::body).toList());
  }

  @Test
  void tablesStoreItemsAndEachTestGetsItsOwn(AwsTestEnvironment first, AwsTestEnvironment second) {
    TableNames mine = first.createTables();
    TableNames theirs = second.createTables();
    assertNotEquals(mine.events(), theirs.events());

    var id = first.registerApplication(mine, "shop", true);

    var item =
        first
            .dynamoDb()
            .getItem(b -> b.tableName(mine.applications()).key(ApplicationItems.key(id)))
            .item();
    assertEquals("shop", item.get(ApplicationItems.NAME).s());
    assertEquals(
        0,
        second.dynamoDb().scan(b -> b.tableName(theirs.applications())).count(),
        "another test's table must not see this test's rows");
  }

  @Test
  void deadEndpointRefusesConnections(AwsTestEnvironment aws) {
    try (var sqs = aws.impatientClientsFor(FreePorts.deadEndpoint()).build(SqsClient.builder())) {
      assertThrows(SdkClientException.class, () -> sqs.listQueues());
    }
  }
}
