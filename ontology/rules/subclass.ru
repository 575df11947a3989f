# OWL 2 RL cax-sco: a member of a class is a member of each named superclass.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
INSERT { ?x a ?super . GRAPH <https://w3id.org/drugkg/id/graph/inferred> { ?x a ?super } }
WHERE {
  GRAPH <https://w3id.org/drugkg/ontology> { ?class rdfs:subClassOf ?super FILTER(isIRI(?super)) }
  ?x a ?class .
  FILTER NOT EXISTS { ?x a ?super }
}
