// The layers: their names and what each extends, with cycles of `extends` cut where they
// close. What each holds is found by the walk in layer_walk.cpp.

#include <algorithm>

#include "model/builder.hpp"
#include "model/props.hpp"

namespace archc::model {

using source::Code;

void LayerResolver::resolve() {
  Table<LayerId, LayerDraft>& drafts = e_.drafts();
  if (drafts.empty()) {
    // No layer declared: the diagram is one layer holding everything.
    Layer layer;
    layer.id = "main";
    layer.title = d_.title;
    d_.layers.push_back(std::move(layer));
    drafts.push_back(LayerDraft{});
  } else {
    declare_layers();
    cut_cycles();
  }
  Table<LayerId, LayerId> bases(drafts.size(), kNone);
  for (LayerId i : drafts.ids()) bases[i] = drafts[i].base;
  d_.layer_order = LayerOrder(bases);
  walk_layers();
  set_group_layers();
}

// A group is in a layer when one of its nodes is, and so are the groups around it. A parent
// is declared before the groups inside it, so one backward pass collects them.
void LayerResolver::set_group_layers() {
  Table<GroupId, std::vector<LayerRun>> runs(d_.groups.size());
  for (const Node& n : d_.nodes) {
    if (n.group != kNone) runs[n.group].insert(runs[n.group].end(), n.layers.begin(), n.layers.end());
  }
  for (std::size_t i = d_.groups.size(); i-- > 0;) {
    Group& g = d_.groups[i];
    g.layers = set_of(std::move(runs[i]));
    if (g.parent != kNone && g.parent.index() < i) {
      runs[g.parent].insert(runs[g.parent].end(), g.layers.begin(), g.layers.end());
    }
  }
}

void LayerResolver::declare_layers() {
  Table<LayerId, LayerDraft>& drafts = e_.drafts();
  for (LayerId i : drafts.ids()) {
    const syntax::LayerDecl& decl = *drafts[i].decl;
    Layer layer;
    layer.id = decl.id.text;
    layer.title = decl.title ? decl.title->text : "";
    layer.span = decl.id.span;
    if (decl.extends) {
      if (decl.base) {
        auto it = e_.layers().find(decl.base->text);
        if (it == e_.layers().end()) {
          names_.unknown(Code::UnknownLayer, *decl.base, "layer", e_.layers());
        } else {
          drafts[i].base = LayerId(it->second);
        }
      } else if (i.index() == 0) {
        diags_.error(Code::UnknownLayer, decl.span,
                     "layer `" + layer.id + "` extends the layer above, but it is the first layer",
                     "remove `<>`, or name the layer to extend: `<> NAME`");
      } else {
        drafts[i].base = LayerId(i.index() - 1);
      }
      if (drafts[i].base != kNone) layer.extends = drafts[drafts[i].base].decl->id.text;
    }
    Common unused;
    read_props(decl.props, unused, {"layer", false, {}}, nullptr, diags_);
    d_.layers.push_back(std::move(layer));
  }
}

// Each layer has at most one base, so walk each chain once, colouring layers as on the
// current walk (1) or finished (2). Meeting a layer of the current walk closes a cycle:
// report it once, at its first layer, naming the loop, and cut it there.
void LayerResolver::cut_cycles() {
  Table<LayerId, LayerDraft>& drafts = e_.drafts();
  Table<LayerId, char> colour(drafts.size(), 0);
  for (LayerId i : drafts.ids()) {
    std::vector<LayerId> walk;
    LayerId at = i;
    while (at != kNone && colour[at] == 0) {
      colour[at] = 1;
      walk.push_back(at);
      at = drafts[at].base;
    }
    if (at != kNone && colour[at] == 1) {
      auto first = std::find(walk.begin(), walk.end(), at);
      LayerId start = *std::min_element(first, walk.end());
      std::string loop = drafts[start].decl->id.text;
      for (LayerId l = drafts[start].base; l != start; l = drafts[l].base) loop += " -> " + drafts[l].decl->id.text;
      loop += " -> " + drafts[start].decl->id.text;
      const syntax::LayerDecl& decl = *drafts[start].decl;
      diags_.error(Code::LayerCycle, decl.base ? decl.base->span : decl.span,
                   "layers extend each other in a cycle: " + loop,
                   "a layer can only extend a layer that does not extend it back");
      // a layer in a cycle keeps only its own contents
      for (auto it = first; it != walk.end(); ++it) drafts[*it].base = kNone;
    }
    for (LayerId l : walk) colour[l] = 2;
  }
}


}  // namespace archc::model
