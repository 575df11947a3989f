# OWL 2 RL cls-int1: a member of every class of an intersection is a member of the named
# class defined as that intersection (dk:RandomizedDoubleBlindDesign).
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?x a ?class . GRAPH <https://w3id.org/drugkg/id/graph/inferred> { ?x a ?class } }
WHERE {
  GRAPH <https://w3id.org/drugkg/ontology> {
    ?class owl:equivalentClass/owl:intersectionOf ?members .
    ?members rdf:first ?first .
  }
  ?x a ?first .
  FILTER NOT EXISTS { ?x a ?class }
  FILTER NOT EXISTS {
    GRAPH <https://w3id.org/drugkg/ontology> { ?members rdf:rest*/rdf:first ?member }
    FILTER NOT EXISTS { ?x a ?member }
  }
}
