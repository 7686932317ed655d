package io.baremetallb.localcluster.apiserver;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ContentTypeTest {
  @Test
  void protobufBodiesGet415NamingTheMediaType() {
    ApiException e = assertThrows(ApiException.class,
        () -> ResourceHandler.rejectProtobuf("application/vnd.kubernetes.protobuf"));
    assertEquals(415, e.code());
  }

  @Test
  void jsonAndPatchBodiesPass() {
    assertDoesNotThrow(() -> ResourceHandler.rejectProtobuf("application/json"));
    assertDoesNotThrow(() -> ResourceHandler.rejectProtobuf("application/merge-patch+json"));
    assertDoesNotThrow(() -> ResourceHandler.rejectProtobuf(null));
  }
}
