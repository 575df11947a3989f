# OWL 2 RL cax-eqc1/2: members of one of two equivalent named classes are members of both.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?x a ?other . GRAPH <https://w3id.org/drugkg/id/graph/inferred> { ?x a ?other } }
WHERE {
  GRAPH <https://w3id.org/drugkg/ontology> {
    { ?class owl:equivalentClass ?other } UNION { ?other owl:equivalentClass ?class }
    FILTER(isIRI(?class) && isIRI(?other))
  }
  ?x a ?class .
  FILTER NOT EXISTS { ?x a ?other }
}
