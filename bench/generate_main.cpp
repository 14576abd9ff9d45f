// Writes a generated architecture as FILE.arch and the same graph as FILE.dot.
//
//   archc_generate --nodes 1000 --seed 1 /tmp/g1000     # /tmp/g1000.arch, /tmp/g1000.dot

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "generator.hpp"

int main(int argc, char** argv) {
  CLI::App app{"archc_generate: a reproducible generated architecture, as .arch and as plain DOT"};
  archc::bench::GeneratorOptions options;
  std::string base;
  app.add_option("--nodes", options.nodes, "about this many nodes")->check(CLI::Range(1, 10'000'000));
  app.add_option("--seed", options.seed, "the random seed");
  app.add_option("--max-scenarios", options.max_scenarios, "at most this many scenarios");
  app.add_flag("!--no-groups", options.groups, "no groups: every node at the top level");
  app.add_option("base", base, "writes BASE.arch and BASE.dot")->required();
  CLI11_PARSE(app, argc, argv);
  archc::bench::Generated g = archc::bench::generate_architecture(options);
  for (auto [ext, text] : {std::pair{".arch", &g.arch}, std::pair{".dot", &g.dot}}) {
    std::ofstream out(base + ext, std::ios::binary);
    out << *text;
    if (!out.flush()) {
      std::cerr << "archc_generate: cannot write " << base << ext << "\n";
      return 2;
    }
  }
  std::printf("%d nodes, %d edges, %d layers, %d scenarios\n", g.nodes, g.edges, g.layers, g.scenarios);
  return 0;
}
