package io.baremetallb.ipam.k8s;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import java.io.IOException;
import java.io.StringReader;
import java.time.OffsetDateTime;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The list and watch behind the IPAM's Service informer: client-java's own calls ({@link CoreV1Api}, the
 * client's credentials and HTTP client), client-java's informer on top (reflector, DeltaFIFO, indexer), with one
 * thing changed: how the JSON becomes {@link V1Service} objects.
 *
 * <p>client-java's models decode in three passes: the JSON text into a {@link JsonElement} tree, a check of that
 * tree against the model's known and required fields, then the tree into the object. Its watch also scans every
 * line once more to see whether it is an error. At thousands of Services that was a fifth of the IPAM service's
 * CPU. Here Gson binds the same model classes field by field straight from the text ({@link #LEAN}: the client's
 * own Gson setup, its managed-fields exclusion and date format, without the per-model validating adapters), and a
 * watch line is read once. Unknown fields are skipped rather than refused, as a controller reading a newer API
 * server should.
 */
final class LeanServiceListerWatcher implements ListerWatcher<V1Service, V1ServiceList> {
  /** client-java's Gson configuration without the models' validating type adapters. */
  static final Gson LEAN = leanGson();

  private final ApiClient client;
  private final CoreV1Api core;

  LeanServiceListerWatcher(ApiClient client) {
    this.client = client;
    this.core = new CoreV1Api(client);
  }

  private static Gson leanGson() {
    GsonBuilder b = JSON.createGson();
    b.registerTypeAdapter(OffsetDateTime.class, new JSON.OffsetDateTimeTypeAdapter());
    return b.create();
  }

  @Override
  public V1ServiceList list(CallGeneratorParams params) throws ApiException {
    Call call = core.listServiceForAllNamespaces().resourceVersion(params.resourceVersion)
        .timeoutSeconds(params.timeoutSeconds).buildCall(null);
    V1ServiceList list;
    try (Response response = open(call)) {
      list = LEAN.fromJson(response.body().charStream(), V1ServiceList.class);
    } catch (RuntimeException e) {
      throw new ApiException("listing Services: the answer is not JSON of a ServiceList: " + e.getMessage());
    }
    if (list == null || list.getMetadata() == null) {
      throw new ApiException("listing Services: the answer is not a ServiceList");
    }
    return list;
  }

  @Override
  public Watchable<V1Service> watch(CallGeneratorParams params) throws ApiException {
    Call call = core.listServiceForAllNamespaces().watch(true).resourceVersion(params.resourceVersion)
        .timeoutSeconds(params.timeoutSeconds).buildCall(null);
    Response response = open(call);
    return new LeanWatch(client.getJSON(), response.body(), call);
  }

  /** Runs the call; an answer other than 2xx becomes an ApiException with its code and body, as client-java's. */
  private Response open(Call call) throws ApiException {
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw new ApiException(e);
    }
    if (!response.isSuccessful()) {
      String body = null;
      try (response) {
        body = response.body() == null ? null : response.body().string();
      } catch (IOException e) {
        // the status code is what the reflector acts on; a body that cannot be read is left out
      }
      throw new ApiException(response.message(), response.code(), response.headers().toMultimap(), body);
    }
    return response;
  }

  /** A watch whose lines are decoded in one pass: {@code type} first, then the object as a Service or a Status. */
  static final class LeanWatch extends Watch<V1Service> {
    private static final TypeAdapter<V1Service> SERVICE = LEAN.getAdapter(V1Service.class);
    private static final TypeAdapter<V1Status> STATUS = LEAN.getAdapter(V1Status.class);

    LeanWatch(JSON json, ResponseBody body, Call call) {
      super(json, body, V1Service.class, call);
    }

    @Override
    protected Watch.Response<V1Service> parseLine(String line) throws IOException {
      return parse(line);
    }

    /** One watch line; the API server writes {@code type} before {@code object}, and either order is read. */
    static Watch.Response<V1Service> parse(String line) throws IOException {
      try (JsonReader in = LEAN.newJsonReader(new StringReader(line))) {
        String type = null;
        JsonElement early = null;
        V1Service service = null;
        V1Status status = null;
        in.beginObject();
        while (in.hasNext()) {
          String name = in.nextName();
          if ("type".equals(name)) {
            type = in.nextString();
          } else if ("object".equals(name) && type == null) {
            early = JsonParser.parseReader(in);
          } else if ("object".equals(name) && "ERROR".equals(type)) {
            status = STATUS.read(in);
          } else if ("object".equals(name)) {
            service = SERVICE.read(in);
          } else {
            in.skipValue();
          }
        }
        in.endObject();
        if (type == null) {
          throw new IOException("a watch event without a type: " + abbreviated(line));
        }
        if (early != null) {
          if ("ERROR".equals(type)) {
            status = STATUS.fromJsonTree(early);
          } else {
            service = SERVICE.fromJsonTree(early);
          }
        }
        return "ERROR".equals(type) ? new Watch.Response<>(type, status) : new Watch.Response<>(type, service);
      } catch (IOException | RuntimeException e) {
        throw new IOException("a watch event that is not JSON of a Service: " + abbreviated(line), e);
      }
    }

    private static String abbreviated(String line) {
      return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
  }
}
