// Who archc serve answers: the Host names that DNS rebinding would use, and writes from
// another site.

#include "serve/guard.hpp"

#include <gtest/gtest.h>

namespace archc::serve {
namespace {

const HostPolicy kLoopback{3000, "127.0.0.1"};

TEST(Guard, HostMustNameThisServerExactly) {
  for (const char* ok : {"localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST:3000"}) {
    EXPECT_TRUE(host_allowed(ok, kLoopback)) << ok;
  }
  for (const char* bad :
       {"127.0.0.1.evil.example:3000", "127.evil.example:3000", "[::1].evil.example:3000", "127.0.0.2:3000",
        "localhost.evil.example:3000", "evil.example:3000", "localhost:3001", "localhost", "localhost:", "localhost:03000",
        "localhost:3000:3000", "[::1]", "[::1]x:3000", "[::1:3000", "::1:3000", "localhost.:3000", "", "10.0.0.5:3000",
        "localhost :3000"}) {
    EXPECT_FALSE(host_allowed(bad, kLoopback)) << bad;
  }
  // Port 80: a browser leaves it out.
  EXPECT_TRUE(host_allowed("localhost", HostPolicy{80, "127.0.0.1"}));
}

TEST(Guard, TheNameGivenWithHostIsAccepted) {
  HostPolicy named{8080, "dev.example"};
  EXPECT_TRUE(host_allowed("dev.example:8080", named));
  EXPECT_TRUE(host_allowed("localhost:8080", named));
  EXPECT_FALSE(host_allowed("dev.example.evil:8080", named));
  EXPECT_FALSE(host_allowed("10.1.2.3:8080", named));
  HostPolicy v6{8080, "::1"};
  EXPECT_TRUE(host_allowed("[::1]:8080", v6));
}

TEST(Guard, EveryAddressAlsoAnswersAddressLiterals) {
  HostPolicy all{3000, "0.0.0.0"};
  EXPECT_TRUE(host_allowed("192.168.1.20:3000", all));
  EXPECT_TRUE(host_allowed("[fe80::1]:3000", all));
  EXPECT_FALSE(host_allowed("rebind.evil.example:3000", all));
  EXPECT_FALSE(host_allowed("192.168.1.20.evil.example:3000", all));
  EXPECT_FALSE(host_allowed("192.168.1:3000", all));
}

RequestHead head(std::string method, std::map<std::string, std::string> headers) {
  return RequestHead{std::move(method), "/api/save", std::move(headers), false};
}

TEST(Guard, EveryRouteIsRefusedForAForeignHost) {
  for (const char* method : {"GET", "HEAD", "POST"}) {
    auto r = refuse(head(method, {{"host", "127.0.0.1.evil.example:3000"}, {"content-type", "application/json"}}),
                    kLoopback);
    ASSERT_TRUE(r) << method;
    EXPECT_EQ(r->status, 403);
  }
  EXPECT_TRUE(refuse(head("GET", {}), kLoopback));  // no Host at all
  EXPECT_FALSE(refuse(head("GET", {{"host", "localhost:3000"}}), kLoopback));
}

TEST(Guard, WritesComeFromOurOwnOriginWithJson) {
  std::map<std::string, std::string> h{{"host", "localhost:3000"}, {"content-type", "application/json"}};
  EXPECT_FALSE(refuse(head("POST", h), kLoopback));  // a tool: no Origin
  h["origin"] = "http://localhost:3000";
  EXPECT_FALSE(refuse(head("POST", h), kLoopback));
  h["sec-fetch-site"] = "same-origin";
  EXPECT_FALSE(refuse(head("POST", h), kLoopback));
  for (const char* origin : {"http://127.0.0.1:3000", "http://evil.example", "null", "http://localhost:3000.evil",
                             "https://localhost:3000", "http://localhost:3001"}) {
    h["origin"] = origin;
    auto r = refuse(head("POST", h), kLoopback);
    ASSERT_TRUE(r) << origin;
    EXPECT_EQ(r->status, 403);
  }
  h["origin"] = "http://localhost:3000";
  h["sec-fetch-site"] = "cross-site";
  EXPECT_TRUE(refuse(head("POST", h), kLoopback));
  h.erase("origin");
  EXPECT_TRUE(refuse(head("POST", h), kLoopback));
  h.erase("sec-fetch-site");
  h["content-type"] = "text/plain";
  EXPECT_TRUE(refuse(head("POST", h), kLoopback));
}

TEST(Guard, OtherMethodsAndTwiceGivenHeadersAreRefused) {
  for (const char* method : {"PUT", "DELETE", "PATCH", "OPTIONS", "PRI", "TRACE", "CONNECT"}) {
    auto r = refuse(head(method, {{"host", "localhost:3000"}}), kLoopback);
    ASSERT_TRUE(r) << method;
    EXPECT_EQ(r->status, 405);
  }
  RequestHead twice = head("GET", {{"host", "localhost:3000"}});
  twice.duplicate_guarded_header = true;
  EXPECT_EQ(refuse(twice, kLoopback)->status, 400);
}

}  // namespace
}  // namespace archc::serve
