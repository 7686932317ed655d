package io.baremetallb.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baremetallb.model.LabelSelector;
import io.baremetallb.model.LabelSelector.Operator;
import io.baremetallb.model.LabelSelector.Requirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether two selectors can never select the same node: used where MetalLB compares selected nodes. */
class SelectorsTest {
  static LabelSelector labels(String k, String v) {
    return LabelSelector.matchLabels(Map.of(k, v));
  }

  static LabelSelector expr(String k, Operator op, String... values) {
    return new LabelSelector(Map.of(), List.of(new Requirement(k, op, List.of(values))));
  }

  @Test
  void differentValuesOfOneLabelAreDisjoint() {
    assertTrue(Selectors.disjoint(labels("zone", "east"), labels("zone", "west")));
    assertTrue(Selectors.disjoint(labels("zone", "east"), expr("zone", Operator.IN, "west", "north")));
    assertTrue(Selectors.disjoint(labels("zone", "east"), expr("zone", Operator.NOT_IN, "east")));
    assertTrue(Selectors.disjoint(expr("zone", Operator.EXISTS), expr("zone", Operator.DOES_NOT_EXIST)));
  }

  @Test
  void selectorsThatCanMeetAreNot() {
    assertFalse(Selectors.disjoint(labels("zone", "east"), labels("rack", "r1")));
    assertFalse(Selectors.disjoint(labels("zone", "east"), expr("zone", Operator.IN, "east", "west")));
    assertFalse(Selectors.disjoint(expr("zone", Operator.NOT_IN, "east"), expr("zone", Operator.DOES_NOT_EXIST)));
    assertFalse(Selectors.disjoint(LabelSelector.EVERYTHING, labels("zone", "east")));
  }

  @Test
  void listsAreDisjointOnlyWhenEveryPairIs() {
    assertTrue(Selectors.disjoint(List.of(labels("zone", "east")), List.of(labels("zone", "west"), labels("zone", "north"))));
    assertFalse(Selectors.disjoint(List.of(labels("zone", "east")), List.of(labels("zone", "west"), labels("rack", "r1"))));
    assertFalse(Selectors.disjoint(List.of(), List.of(labels("zone", "west"))));
  }
}
